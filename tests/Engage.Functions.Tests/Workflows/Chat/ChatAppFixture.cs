using Engage.Functions.Workflows.Chat;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Engage.Functions.Tests.Workflows.Chat;

/// <summary>
/// The app for a chat threads test class, answering with the <see cref="ScriptedChatReplier"/> in place of the real
/// replier. Each test makes its own user, customer and execution, so threads never meet; the calls are in <see cref="ChatCalls"/>.
/// </summary>
public sealed class ChatAppFixture : WorkflowsApp
{
    public ScriptedChatReplier Replier { get; } = new();

    protected override void ChangeServices(IServiceCollection services) => services.Replace(ServiceDescriptor.Singleton<IChatReplier>(Replier));
}
