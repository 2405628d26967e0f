using Engage.Functions.Http;

namespace Engage.Functions.Tests.Http;

/// <summary>The times the API takes: ISO 8601 with an offset, from 2000 to before 2100.</summary>
public sealed class IsoTimeTests
{
    [Theory]
    [InlineData("2000-01-01T00:00:00Z", "2000-01-01T00:00:00.0000000+00:00")]
    [InlineData("2099-12-31T23:59:59.9999999Z", "2099-12-31T23:59:59.9999999+00:00")]
    [InlineData("2026-05-01T09:00+02:00", "2026-05-01T07:00:00.0000000+00:00")]
    [InlineData("2026-05-01T09:00:00.5-14:00", "2026-05-01T23:00:00.5000000+00:00")]
    public void A_time_with_its_offset_in_range_reads_as_utc(string text, string utc)
    {
        Assert.True(IsoTime.TryParse(text, out var time, out var error), error);
        Assert.Equal(utc, time.ToString("O"));
    }

    [Theory]
    [InlineData("1999-12-31T23:59:59Z")]
    [InlineData("2100-01-01T00:00:00Z")]
    [InlineData("2026-05-01T09:00:00")]
    [InlineData("2026-05-01")]
    [InlineData("2026-05-01T09:00:00+15:00")]
    [InlineData("01/05/2026 09:00 +00:00")]
    [InlineData("2026-05-01 09:00:00Z")]
    public void Anything_else_is_refused_with_what_is_expected(string text)
    {
        Assert.False(IsoTime.TryParse(text, out _, out var error));
        Assert.StartsWith("must be", error, StringComparison.Ordinal);
    }
}
