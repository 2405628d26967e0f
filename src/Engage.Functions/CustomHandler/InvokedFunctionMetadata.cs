namespace Engage.Functions.CustomHandler;

/// <summary>
/// Marks the endpoints the host calls itself (invocations at <c>/{FunctionName}</c>, the readiness check at
/// <c>/</c>), which are plumbing for functions rather than HTTP functions of their own.
/// </summary>
public sealed class InvokedFunctionMetadata
{
    public static InvokedFunctionMetadata Instance { get; } = new();

    private InvokedFunctionMetadata()
    {
    }
}
