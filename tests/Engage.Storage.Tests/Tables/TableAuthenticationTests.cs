using Azure.Core;
using Engage.Storage.Tables;

namespace Engage.Storage.Tests.Tables;

public sealed class TableAuthenticationTests
{
    [Fact]
    public async Task The_bearer_path_sends_a_bearer_token_for_the_storage_scope_and_a_suitable_version()
    {
        var transport = new CapturingTransport();
        var credential = new FakeTokenCredential("secret-token");
        var client = new TableServiceClient(new Uri("https://acct.table.core.windows.net"), credential, new TableClientOptions { Transport = transport });

        await client.QueryAsync().ToListAsync();

        var request = Assert.Single(transport.Requests);
        Assert.StartsWith("https://", request.Uri.AbsoluteUri, StringComparison.Ordinal);
        Assert.Equal("Bearer secret-token", request.Headers["Authorization"]);
        Assert.True(string.CompareOrdinal(request.Headers["x-ms-version"], "2017-11-09") >= 0);
        Assert.Equal("2020-12-06", request.Headers["x-ms-version"]);
        Assert.Equal(["https://storage.azure.com/.default"], credential.RequestedScopes.Single());
        Assert.Equal("acct", client.AccountName);
    }

    [Fact]
    public void The_table_shared_key_string_to_sign_has_no_canonical_headers_and_signs_only_comp()
    {
        var credential = new TableSharedKeyCredential("devstoreaccount1", Convert.ToBase64String(new byte[32]));
        var policy = new TableSharedKeyPolicy(credential, TimeProvider.System);
        var request = new CapturingTransport().CreateRequest();
        request.Method = RequestMethod.Get;
        request.Uri.Reset(new Uri("http://127.0.0.1:10002/devstoreaccount1/mytable()?$filter=PartitionKey%20eq%20'a'&comp=list"));
        request.Headers.Add("x-ms-version", "2020-12-06");
        request.Headers.Add("Content-Type", "application/json");

        var stringToSign = policy.StringToSign(request, "Tue, 06 Jan 2026 10:00:00 GMT");

        Assert.Equal("GET\n\napplication/json\nTue, 06 Jan 2026 10:00:00 GMT\n/devstoreaccount1/devstoreaccount1/mytable()?comp=list", stringToSign);
    }

    [Fact]
    public void Shared_key_signature_is_the_base64_hmac_sha256_of_the_string_to_sign()
    {
        var key = Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes("key"));
        var credential = new TableSharedKeyCredential("acct", key);

        // HMAC-SHA256("key", "The quick brown fox jumps over the lazy dog"), a published test vector.
        var signature = credential.ComputeSignature("The quick brown fox jumps over the lazy dog");

        Assert.Equal("97yD9DBThCSxMpjmqm+xQ+9NWaFJRhdZl0edvC0aPNg=", signature);
    }
}
