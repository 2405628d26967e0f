using Engage.Functions.Workflows.Customers;

namespace Engage.Functions.Tests.Workflows.Customers;

public sealed class CustomerCsvTests
{
    [Fact]
    public void Rows_become_the_fields_a_json_import_sends_with_numbers_as_numbers_and_empty_cells_left_out()
    {
        const string Csv = "\uFEFFDomain,name,ARR,healthScore,csm,utilization,industry\r\n"
            + "acmecorp.com,\"Acme, Inc.\",240000,82,Maya Chen,0.78,\r\n"
            + "\r\n"
            + "globex.io,\"Globex \"\"Global\"\"\",,58,,,\"Logistics\nand freight\"\n";

        Assert.True(CustomerCsv.TryRead(Csv, out var rows, out var error), error);

        Assert.Equal(2, rows.Count);
        Assert.Equal(
            """{"domain":"acmecorp.com","name":"Acme, Inc.","arr":240000,"healthScore":82,"accountTeam":{"csm":"Maya Chen"},"usage":{"utilization":0.78}}""",
            rows[0].Fields!.ToJsonString());
        Assert.Equal(
            """{"domain":"globex.io","name":"Globex \u0022Global\u0022","healthScore":58,"industry":"Logistics\nand freight"}""",
            rows[1].Fields!.ToJsonString());
        Assert.Equal([1, 2], rows.Select(r => r.Row));
    }

    [Fact]
    public void A_number_column_that_does_not_read_as_a_number_is_sent_as_text_for_the_field_check_to_refuse()
    {
        Assert.True(CustomerCsv.TryRead("domain,arr\nacmecorp.com,240k", out var rows, out _));

        Assert.Equal("240k", rows[0].Fields!["arr"]!.GetValue<string>());
    }

    [Theory]
    [InlineData("NaN")]
    [InlineData("Infinity")]
    [InlineData("-Infinity")]
    [InlineData("1e400")]
    public void A_number_cell_that_reads_as_no_finite_number_is_sent_as_text_for_the_field_check_to_refuse(string cell)
    {
        Assert.True(CustomerCsv.TryRead($"domain,arr,healthScore\nacmecorp.com,{cell},{cell}", out var rows, out _));

        Assert.Equal(cell, rows[0].Fields!["arr"]!.GetValue<string>());
        Assert.Equal(cell, rows[0].Fields!["healthScore"]!.GetValue<string>());
    }

    [Fact]
    public void A_row_with_another_number_of_cells_than_the_header_fails_alone()
    {
        Assert.True(CustomerCsv.TryRead("domain,name\nacmecorp.com,Acme,extra\nglobex.io,Globex", out var rows, out _));

        Assert.Equal("Row 1 has 3 cells; the header has 2 columns.", rows[0].Error);
        Assert.Null(rows[1].Error);
    }

    [Theory]
    [InlineData("", "empty")]
    [InlineData("name,seats\nAcme,3", "\"seats\", which is not a customer column")]
    [InlineData("name,industry\nAcme,x", "no domain column")]
    [InlineData("domain,Domain\nacmecorp.com,acmecorp.com", "twice")]
    [InlineData("domain,name\nacmecorp.com,\"Acme", "never closed")]
    public void A_csv_that_cannot_be_read_is_refused_whole(string csv, string message)
    {
        Assert.False(CustomerCsv.TryRead(csv, out _, out var error));

        Assert.Contains(message, error, StringComparison.Ordinal);
    }
}
