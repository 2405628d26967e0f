using System.Runtime.CompilerServices;
using System.Text;
using Engage.Functions.Llm;
using OpenAI.Chat;

namespace Engage.Functions.Workflows.Chat.Replies;

/// <summary>
/// The chat on the OpenAI SDK's streaming Chat Completions (<see cref="ChatClient.CompleteChatStreamingAsync(IEnumerable{ChatMessage}, ChatCompletionOptions, CancellationToken)"/>),
/// tools as <see cref="ChatTool.CreateFunctionTool"/>. Streamed tool calls arrive as <see cref="StreamingChatToolCallUpdate"/>
/// fragments, put together by their index; the SDK asks for the usage chunk of a stream by itself.
/// </summary>
public sealed class OpenAiChatModel(ChatClient client, string model) : IChatModel
{
    public string Name => model;

    public async IAsyncEnumerable<ChatModelUpdate> StreamAsync(ChatModelRequest request, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var options = new ChatCompletionOptions();
        foreach (var tool in request.Tools)
        {
            options.Tools.Add(ChatTool.CreateFunctionTool(tool.Name, tool.Description, BinaryData.FromString(tool.Parameters.ToJsonString())));
        }

        var calls = new SortedDictionary<int, (string? Id, string? Name, StringBuilder Arguments)>();
        ChatFinishReason? finish = null;
        await foreach (var update in client.CompleteChatStreamingAsync(Messages(request), options, cancellationToken))
        {
            foreach (var part in update.ContentUpdate)
            {
                if (!string.IsNullOrEmpty(part.Text))
                {
                    yield return new ChatModelUpdate(Text: part.Text);
                }
            }

            foreach (var fragment in update.ToolCallUpdates)
            {
                var call = calls.TryGetValue(fragment.Index, out var known) ? known : (null, null, new StringBuilder());
                call.Id ??= fragment.ToolCallId;
                call.Name ??= fragment.FunctionName;
                if (fragment.FunctionArgumentsUpdate is { } arguments && !arguments.ToMemory().IsEmpty)
                {
                    call.Arguments.Append(arguments.ToString());
                }

                calls[fragment.Index] = call;
            }

            finish = update.FinishReason ?? finish;
            if (update.Usage is { } usage)
            {
                yield return new ChatModelUpdate(PromptTokens: usage.InputTokenCount, CompletionTokens: usage.OutputTokenCount);
            }
        }

        if (finish is ChatFinishReason.Length or ChatFinishReason.ContentFilter)
        {
            throw new LlmAnswerException(finish == ChatFinishReason.Length ? "the reply was cut off at the token limit" : "the reply was filtered");
        }

        if (calls.Values.Any(c => string.IsNullOrEmpty(c.Id) || string.IsNullOrEmpty(c.Name)))
        {
            throw new LlmAnswerException("a streamed tool call came without its id or name");
        }

        if (calls.Count > 0)
        {
            yield return new ChatModelUpdate(ToolCalls: [.. calls.Values.Select(c => new ChatModelToolCall(c.Id!, c.Name!, c.Arguments.ToString()))]);
        }
    }

    private static List<ChatMessage> Messages(ChatModelRequest request)
    {
        var messages = new List<ChatMessage> { new SystemChatMessage(request.Grounding.SystemPrompt()) };
        foreach (var message in request.Messages)
        {
            messages.Add(message switch
            {
                { Role: "user" } => new UserChatMessage(message.Content),
                { Role: "tool", ToolCallId: { } callId } => new ToolChatMessage(callId, message.Content),
                { ToolCalls.Count: > 0 } => AssistantWithCalls(message),
                _ => new AssistantChatMessage(message.Content),
            });
        }

        return messages;
    }

    private static AssistantChatMessage AssistantWithCalls(ChatModelMessage message)
    {
        var assistant = new AssistantChatMessage([.. message.ToolCalls!.Select(c => OpenAI.Chat.ChatToolCall.CreateFunctionToolCall(c.Id, c.Name, BinaryData.FromString(c.Arguments)))]);
        if (message.Content.Length > 0)
        {
            assistant.Content.Add(ChatMessageContentPart.CreateTextPart(message.Content));
        }

        return assistant;
    }
}
