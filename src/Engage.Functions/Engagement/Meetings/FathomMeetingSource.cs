using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Engage.Functions.Hosting;
using Polly;
using Polly.Timeout;

namespace Engage.Functions.Engagement.Meetings;

/// <summary>
/// Meetings from Fathom's External API v1: <c>GET /meetings</c> filtered by invitee domain, transcripts
/// included, cursor-paged, within the process-wide rate limit, each call behind <see cref="FathomPipeline"/>.
/// </summary>
public sealed partial class FathomMeetingSource : IMeetingSource
{
    public const string HttpClientName = "fathom";

    internal const string ApiKeyHeader = "X-Api-Key";

    private const int MaxDetailLength = 200;

    private readonly IHttpClientFactory _httpClients;
    private readonly FathomOptions _options;
    private readonly string _apiKey;
    private readonly ResiliencePipeline<HttpResponseMessage> _pipeline;
    private readonly ILogger<FathomMeetingSource> _logger;

    public FathomMeetingSource(
        IHttpClientFactory httpClients,
        FathomOptions options,
        FathomRateLimiter rateLimiter,
        TimeProvider time,
        ILogger<FathomMeetingSource> logger)
    {
        _httpClients = httpClients;
        _options = options;
        _apiKey = options.ApiKey ?? throw new ArgumentException($"{FathomOptions.ApiKeySetting} is not set.", nameof(options));
        _pipeline = FathomPipeline.Create(options, rateLimiter, time, logger);
        _logger = logger;
    }

    public string Name => "fathom";

    public async Task<IReadOnlyList<Meeting>> GetMeetingsAsync(string domain, DateTimeOffset since, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(domain);
        var client = _httpClients.CreateClient(HttpClientName);

        // Keyed by recording id: a meeting that moves between pages while we page is kept once.
        var meetings = new Dictionary<long, Meeting>();
        var cursors = new HashSet<string>(StringComparer.Ordinal);
        var pages = 0;
        string? cursor = null;
        do
        {
            var page = await GetPageAsync(client, MeetingsUri(domain, since, cursor), cancellationToken);
            pages++;
            foreach (var item in page.Items ?? [])
            {
                if (item.CreatedAt >= since && FathomMeetingMapper.IsInvited(item, domain))
                {
                    meetings[item.RecordingId] = FathomMeetingMapper.ToMeeting(item);
                }
            }

            cursor = string.IsNullOrEmpty(page.NextCursor) ? null : page.NextCursor;
            if (cursor is not null && !cursors.Add(cursor))
            {
                throw new MeetingSourceException("Fathom handed out the same page cursor twice, so paging was stopped to avoid an endless loop; try again later.");
            }

            if (cursor is not null && pages == _options.MaxPages)
            {
                LogPageCap(domain, pages);
                break;
            }
        }
        while (cursor is not null);

        LogFetched(domain, meetings.Count, pages);
        return [.. meetings.Values.OrderBy(meeting => meeting.StartedAt).ThenBy(meeting => meeting.RecordingId)];
    }

    private Uri MeetingsUri(string domain, DateTimeOffset since, string? cursor)
    {
        // Array parameters repeat the key with a [] suffix; Fathom reads comma-joined values differently.
        var query = new StringBuilder()
            .Append("calendar_invitees_domains%5B%5D=").Append(Uri.EscapeDataString(domain.Trim().ToLowerInvariant()))
            .Append("&include_transcript=true")
            .Append("&created_after=").Append(Uri.EscapeDataString(since.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture)));
        if (cursor is not null)
        {
            query.Append("&cursor=").Append(Uri.EscapeDataString(cursor));
        }

        return new Uri($"{_options.BaseUrl.AbsoluteUri.TrimEnd('/')}/meetings?{query}");
    }

    private async Task<FathomMeetingList> GetPageAsync(HttpClient client, Uri uri, CancellationToken cancellationToken)
    {
        HttpResponseMessage response;
        try
        {
            response = await _pipeline.ExecuteAsync(
                static async (call, attemptToken) =>
                {
                    using var request = new HttpRequestMessage(HttpMethod.Get, call.Uri);
                    request.Headers.TryAddWithoutValidation(ApiKeyHeader, call.ApiKey);
                    request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
                    return await call.Client.SendAsync(request, attemptToken);
                },
                (Client: client, Uri: uri, ApiKey: _apiKey),
                cancellationToken);
        }
        catch (HttpRequestException e)
        {
            LogFailure(e, uri.Host);
            throw new MeetingSourceException(
                $"Fathom could not be reached after {_options.MaxAttempts} attempts; check {FathomOptions.BaseUrlSetting} and the network, then try again.");
        }
        catch (TimeoutRejectedException e)
        {
            LogFailure(e, uri.Host);
            throw new MeetingSourceException(
                $"Fathom did not answer within {_options.AttemptTimeout.TotalSeconds:0.#} s, {_options.MaxAttempts} times in a row; try again later.");
        }

        using (response)
        {
            if (!response.IsSuccessStatusCode)
            {
                throw new MeetingSourceException(await DescribeFailureAsync(response, cancellationToken));
            }

            try
            {
                return await response.Content.ReadFromJsonAsync<FathomMeetingList>(FathomJson.Options, cancellationToken)
                    ?? throw new JsonException("the body was JSON null");
            }
            catch (JsonException e)
            {
                LogFailure(e, uri.Host);
                throw new MeetingSourceException(
                    $"Fathom answered with a meeting list Engage could not read; check that {FathomOptions.BaseUrlSetting} points at Fathom's External API v1.");
            }
        }
    }

    private async Task<string> DescribeFailureAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        var status = (int)response.StatusCode;
        return response.StatusCode switch
        {
            HttpStatusCode.Unauthorized => $"Fathom rejected the API key (401); check {FathomOptions.ApiKeySetting}.",
            HttpStatusCode.Forbidden => $"Fathom refused access with this API key (403); check that {FathomOptions.ApiKeySetting} belongs to a user allowed to use the API.",
            HttpStatusCode.NotFound => $"Fathom answered 404 (not found); check {FathomOptions.BaseUrlSetting} (Fathom's is {FathomOptions.DefaultBaseUrl}).",
            HttpStatusCode.TooManyRequests => $"Fathom kept answering 429 (rate limited) after {_options.MaxAttempts} attempts; try again in a minute.",
            _ when status is >= 300 and < 400 => Redirected(response),
            _ when FathomPipeline.IsTransient(response.StatusCode) => $"Fathom kept failing (HTTP {status}) after {_options.MaxAttempts} attempts; try again later.",
            _ => await RefusedAsync(response, cancellationToken),
        };
    }

    /// <summary>Where a redirect pointed goes to the log only: it is the remote's text.</summary>
    private string Redirected(HttpResponseMessage response)
    {
        var target = NetworkAddress.RedirectTarget(response.Headers.Location?.OriginalString, response.RequestMessage?.RequestUri);
        LogRedirect((int)response.StatusCode, target is null ? "(no Location)" : NetworkAddress.Origin(target));
        return $"Fathom answered HTTP {(int)response.StatusCode}, a redirect that Engage does not follow, so that the API key goes only to {FathomOptions.BaseUrlSetting}; "
            + $"the logs say where it pointed. Set {FathomOptions.BaseUrlSetting} to the address Fathom's API answers at (Fathom's is {FathomOptions.DefaultBaseUrl}).";
    }

    /// <summary>Fathom's error body usually names the bad parameter: it goes to the log, with the key masked in case it is echoed.</summary>
    private async Task<string> RefusedAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        var body = (await response.Content.ReadAsStringAsync(cancellationToken)).Trim().Replace(_apiKey, "***", StringComparison.Ordinal);
        LogRefused((int)response.StatusCode, body.Length > MaxDetailLength ? body[..MaxDetailLength] + "…" : body);
        return $"Fathom refused the request (HTTP {(int)response.StatusCode}); the logs have Fathom's reason. Check {FathomOptions.ApiKeySetting} and {FathomOptions.BaseUrlSetting}.";
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Fathom: {Count} meetings with invitees from {Domain} over {Pages} pages")]
    private partial void LogFetched(string domain, int count, int pages);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Fathom: stopped reading meetings of {Domain} after {Pages} pages, the most one run reads")]
    private partial void LogPageCap(string domain, int pages);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Fathom call to {Host} failed")]
    private partial void LogFailure(Exception exception, string host);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Fathom answered {Status}, a redirect to {Target}, which was not followed")]
    private partial void LogRedirect(int status, string target);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Fathom refused the request with {Status}: {Body}")]
    private partial void LogRefused(int status, string body);
}
