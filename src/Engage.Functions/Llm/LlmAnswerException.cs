namespace Engage.Functions.Llm;

/// <summary>
/// The LLM answered, but not with a usable analysis. The message says what was wrong and never quotes the
/// answer, which may echo the transcript.
/// </summary>
public sealed class LlmAnswerException(string message) : Exception(message);
