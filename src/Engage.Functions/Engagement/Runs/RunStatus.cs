namespace Engage.Functions.Engagement.Runs;

/// <summary>The legacy contract's three states of a run.</summary>
public static class RunStatus
{
    public const string Processing = "processing";
    public const string Complete = "complete";
    public const string Error = "error";
}
