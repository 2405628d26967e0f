using System.Globalization;
using Azure.Core;
using Azure.Core.Pipeline;

namespace Engage.Storage.Internal;

/// <summary>
/// Stamps <c>x-ms-date</c> and signs each attempt (it runs per retry, so a retried request
/// carries a fresh date). Tables and queues sign different strings; subclasses say which.
/// </summary>
internal abstract class SharedKeyPolicy(StorageSharedKeyCredential credential, TimeProvider timeProvider) : HttpPipelineSynchronousPolicy
{
    protected StorageSharedKeyCredential Credential { get; } = credential;

    public override void OnSendingRequest(HttpMessage message)
    {
        var request = message.Request;
        var date = timeProvider.GetUtcNow().ToString("R", CultureInfo.InvariantCulture);
        request.Headers.SetValue("x-ms-date", date);
        var signature = Credential.ComputeSignature(StringToSign(request, date));
        request.Headers.SetValue(HttpHeader.Names.Authorization, $"SharedKey {Credential.AccountName}:{signature}");
    }

    internal abstract string StringToSign(Request request, string date);

    protected static string Header(Request request, string name) =>
        request.Headers.TryGetValue(name, out var value) ? value : string.Empty;

    /// <summary>
    /// The account followed by the path exactly as sent. Against Azurite's path-style URLs this
    /// names the account twice, which is what the emulator expects.
    /// </summary>
    protected string CanonicalizedPath(Request request) => "/" + Credential.AccountName + request.Uri.Path;
}
