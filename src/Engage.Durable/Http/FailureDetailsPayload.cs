using System.Diagnostics.CodeAnalysis;
using System.Text.Json.Serialization;
using Engage.Durable.Orchestration;

namespace Engage.Durable.Http;

/// <summary>A failure as the API shows it: type and message down the chain of causes. Stack traces stay in the logs.</summary>
internal sealed record FailureDetailsPayload(
    string ErrorType,
    string ErrorMessage,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] FailureDetailsPayload? InnerFailure)
{
    [return: NotNullIfNotNull(nameof(failure))]
    public static FailureDetailsPayload? From(TaskFailureDetails? failure) =>
        failure is null ? null : new FailureDetailsPayload(failure.ErrorType, failure.ErrorMessage, From(failure.InnerFailure));
}
