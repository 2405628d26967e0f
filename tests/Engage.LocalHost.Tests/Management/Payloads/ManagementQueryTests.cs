using Engage.LocalHost.Durable.Management;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.DurableTask.Client;

namespace Engage.LocalHost.Tests.Management.Payloads;

public sealed class ManagementQueryTests
{
    [Theory]
    [InlineData("", true)]
    [InlineData("?showInput=", true)]
    [InlineData("?showInput=false", false)]
    [InlineData("?showInput=TRUE", true)]
    public void A_flag_is_true_or_false_in_any_case_and_defaults_when_absent_or_empty(string query, bool expected) =>
        Assert.Equal(expected, ManagementQuery.Flag(Query(query), "showInput", true));

    [Fact]
    public void A_flag_that_is_neither_is_refused_naming_it_and_the_value()
    {
        var error = Assert.Throws<BadManagementRequestException>(() => ManagementQuery.Flag(Query("?showHistory=1"), "showHistory", false));

        Assert.Contains("'showHistory'", error.Message, StringComparison.Ordinal);
        Assert.Contains("'1'", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("?top=1", 1)]
    [InlineData("?top=1000", 1000)]
    [InlineData("", null)]
    public void A_number_in_range_is_read(string query, int? expected) =>
        Assert.Equal(expected, ManagementQuery.Number(Query(query), "top", 1, 1000));

    [Theory]
    [InlineData("?top=0")]
    [InlineData("?top=1001")]
    [InlineData("?top=-5")]
    [InlineData("?top=2.5")]
    [InlineData("?top=ten")]
    public void A_number_out_of_range_or_not_whole_is_refused(string query) =>
        Assert.Contains("from 1 to 1000", Assert.Throws<BadManagementRequestException>(() => ManagementQuery.Number(Query(query), "top", 1, 1000)).Message, StringComparison.Ordinal);

    [Theory]
    [InlineData("?t=2026-05-01T12:00:00Z", "2026-05-01T12:00:00+00:00")]
    [InlineData("?t=2026-05-01T12:00:00", "2026-05-01T12:00:00+00:00")]
    [InlineData("?t=2026-05-01T14:00:00%2B02:00", "2026-05-01T14:00:00+02:00")]
    [InlineData("?t=2026-05-01", "2026-05-01T00:00:00+00:00")]
    public void A_time_without_an_offset_is_UTC(string query, string expected) =>
        Assert.Equal(DateTimeOffset.Parse(expected, System.Globalization.CultureInfo.InvariantCulture), ManagementQuery.Time(Query(query), "t"));

    [Theory]
    [InlineData("?t=yesterday")]
    [InlineData("?t=1600-12-31T23:59:59Z")]
    public void A_time_that_is_not_one_the_instances_table_can_compare_is_refused_with_an_example(string query) =>
        Assert.Contains("ISO 8601 time from 1601 on", Assert.Throws<BadManagementRequestException>(() => ManagementQuery.Time(Query(query), "t")).Message, StringComparison.Ordinal);

    [Fact]
    public void The_earliest_time_the_table_keeps_is_accepted() =>
        Assert.Equal(new DateTimeOffset(1601, 1, 1, 0, 0, 0, TimeSpan.Zero), ManagementQuery.Time(Query("?t=1601-01-01T00:00:00Z"), "t"));

    [Fact]
    public void Runtime_statuses_are_read_comma_separated_repeated_and_in_any_case()
    {
        var statuses = ManagementQuery.Statuses(Query("?runtimeStatus=running,%20Completed&runtimeStatus=FAILED&runtimeStatus="));

        Assert.Equal(
            new HashSet<OrchestrationRuntimeStatus> { OrchestrationRuntimeStatus.Running, OrchestrationRuntimeStatus.Completed, OrchestrationRuntimeStatus.Failed },
            statuses);
    }

    [Fact]
    public void No_runtime_status_is_no_filter() =>
        Assert.Null(ManagementQuery.Statuses(Query("?runtimeStatus=")));

    [Theory]
    [InlineData("%20")]
    [InlineData(",%20,")]
    public void A_runtime_status_of_only_blanks_and_commas_is_refused_not_read_as_no_filter(string value) =>
        Assert.Contains("names no status", Assert.Throws<BadManagementRequestException>(() => ManagementQuery.Statuses(Query("?runtimeStatus=" + value))).Message, StringComparison.Ordinal);

    [Theory]
    [InlineData("Sleeping")]
    [InlineData("1")]
    public void A_name_that_is_not_a_runtime_status_is_refused_listing_the_names(string name)
    {
        var error = Assert.Throws<BadManagementRequestException>(() => ManagementQuery.Statuses(Query("?runtimeStatus=" + name)));

        Assert.Contains($"'{name}'", error.Message, StringComparison.Ordinal);
        Assert.Contains("Suspended", error.Message, StringComparison.Ordinal);
    }

    private static QueryCollection Query(string query) => new(QueryHelpers.ParseQuery(query));
}
