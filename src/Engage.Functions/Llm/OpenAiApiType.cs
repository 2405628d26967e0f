namespace Engage.Functions.Llm;

/// <summary>Which service, and so which client and wire format, <see cref="OpenAiSettings"/> point at.</summary>
public enum OpenAiApiType
{
    /// <summary>OpenAI or an OpenAI-compatible server (Ollama, vLLM): <c>POST {base}/chat/completions</c>, key as bearer token.</summary>
    OpenAi,

    /// <summary>
    /// Azure OpenAI through <c>AzureOpenAIClient</c>: <c>POST {endpoint}/openai/deployments/{model}/chat/completions?api-version=…</c>,
    /// key in <c>api-key</c> or an Entra ID bearer token.
    /// </summary>
    Azure,
}
