using System.ClientModel;
using System.Globalization;
using System.Net.Sockets;
using Engage.Functions.Hosting;
using Polly.CircuitBreaker;
using Polly.Timeout;

namespace Engage.Functions.Llm;

/// <summary>
/// Why the LLM gave no analysis, in one short line for provenance and logs. Built from status codes and
/// exception types only: error bodies can quote the key's prefix or the prompt, so they are never used.
/// </summary>
internal static class LlmFailureReason
{
    public static string Describe(Exception exception, int failureThreshold, TimeSpan attemptTimeout) => exception switch
    {
        BrokenCircuitException => $"llm circuit open after {failureThreshold} consecutive failures",
        TimeoutRejectedException or OperationCanceledException =>
            string.Create(CultureInfo.InvariantCulture, $"llm call failed: no answer within {attemptTimeout.TotalSeconds:0.#} s"),
        ClientResultException { Status: >= 300 and < 400 } redirected => Redirected(redirected),
        ClientResultException { Status: > 0 } failed => $"llm call failed: {failed.Status} {failed.GetRawResponse()?.ReasonPhrase}".TrimEnd(),
        LlmAnswerException unusable => $"llm answer unusable: {unusable.Message}",
        ClientResultException => $"llm call failed: unreachable ({NetworkCause(exception)})",
        _ => $"llm call failed: {exception.GetType().Name}",
    };

    /// <summary>The transport follows no redirects, so that the key goes nowhere but the configured address; says where to point it instead.</summary>
    private static string Redirected(ClientResultException exception)
    {
        var response = exception.GetRawResponse();
        var location = response is not null && response.Headers.TryGetValue("Location", out var value) ? value : null;
        var target = NetworkAddress.RedirectTarget(location, requestUrl: null) is { } url ? $" to {NetworkAddress.Origin(url)}" : string.Empty;
        return $"llm call failed: {exception.Status} {response?.ReasonPhrase}".TrimEnd()
            + $", a redirect{target} that is not followed, so that the key goes only to {OpenAiSettings.BaseUrlSetting}; set {OpenAiSettings.BaseUrlSetting} to the address it leads to";
    }

    private static string NetworkCause(Exception exception)
    {
        for (var inner = exception; inner is not null; inner = inner.InnerException)
        {
            if (inner is SocketException socket)
            {
                return socket.SocketErrorCode.ToString();
            }
        }

        return (exception.InnerException ?? exception).GetType().Name;
    }
}
