namespace Engage.Testing;

/// <summary>Unique storage names, so tests sharing one Azurite never see each other's data.</summary>
public static class TestNames
{
    public static string Table(string prefix = "t") => prefix + Guid.NewGuid().ToString("N")[..16];

    public static string Queue(string prefix = "q") => prefix + "-" + Guid.NewGuid().ToString("N")[..16];
}
