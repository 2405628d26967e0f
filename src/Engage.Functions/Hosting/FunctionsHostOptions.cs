using System.Globalization;

namespace Engage.Functions.Hosting;

/// <summary>
/// The settings the host itself reads, under the names Azure app settings use. See docs/configuration.md.
/// </summary>
public sealed class FunctionsHostOptions
{
    public const string EnvironmentSetting = "AZURE_FUNCTIONS_ENVIRONMENT";
    public const string FunctionKeysSetting = "ENGAGE_FUNCTION_KEYS";
    public const string AdminKeySetting = "ENGAGE_ADMIN_KEY";
    public const string CustomHandlerPortSetting = "FUNCTIONS_CUSTOMHANDLER_PORT";

    /// <summary>The command-line option <c>--emit-functions DIR</c> (see <see cref="EmitFunctionsDirectory"/>).</summary>
    public const string EmitFunctionsSetting = "emit-functions";

    public const string DevelopmentEnvironment = "Development";

    public string? Environment { get; set; }

    public IReadOnlyList<string> FunctionKeys { get; set; } = [];

    public string? AdminKey { get; set; }

    /// <summary>Set by the Functions host when it starts Engage as its custom handler.</summary>
    public int? CustomHandlerPort { get; set; }

    /// <summary>
    /// Where to write a <c>function.json</c> folder per function, describing the app as the Functions host runs
    /// it, instead of serving requests (<c>./publish</c> does this).
    /// </summary>
    public string? EmitFunctionsDirectory { get; set; }

    /// <summary>Like <c>func start</c>: key checks off, loopback only.</summary>
    public bool IsLocalDevelopment => string.Equals(Environment, DevelopmentEnvironment, StringComparison.OrdinalIgnoreCase);

    /// <summary>Under the Functions host, or describing the app for it: the host owns triggers, timers and keys.</summary>
    public bool IsCustomHandler => CustomHandlerPort is not null || EmitFunctionsDirectory is not null;

    /// <summary>
    /// Under the Functions host the host has already checked the caller's key against its own key store,
    /// which Engage cannot see (docs/function-keys.md).
    /// </summary>
    public bool KeyChecksEnabled => !IsLocalDevelopment && !IsCustomHandler;

    public static FunctionsHostOptions From(IConfiguration configuration)
    {
        var options = new FunctionsHostOptions();
        options.ReadFrom(configuration);
        return options;
    }

    /// <exception cref="InvalidOperationException">A setting has a value the host cannot use.</exception>
    public void ReadFrom(IConfiguration configuration)
    {
        Environment = SettingReader.Text(configuration[EnvironmentSetting]);
        FunctionKeys = (configuration[FunctionKeysSetting] ?? string.Empty)
            .Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        AdminKey = SettingReader.Text(configuration[AdminKeySetting]);
        CustomHandlerPort = ParsePort(configuration[CustomHandlerPortSetting]);
        EmitFunctionsDirectory = SettingReader.Text(configuration[EmitFunctionsSetting]);
    }

    private static int? ParsePort(string? value)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return null;
        }

        return int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var port) && port is > 0 and <= 65535
            ? port
            : throw new InvalidOperationException($"{CustomHandlerPortSetting} must be a TCP port number (1-65535), not '{value}'.");
    }
}
