using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;

namespace Engage.Functions.Workflows.Customers;

/// <summary>
/// A CSV import (RFC 4180: comma separated, fields with commas, quotes or line breaks in double quotes, <c>""</c> for
/// a quote) read into the same JSON objects a JSON import sends. The header row names the columns: the customer
/// fields' last names (<see cref="CustomerField.Column"/>, any case, any order), <c>domain</c> among them. An empty
/// cell leaves its field as it is; a number column's cell is sent as a number when it reads as one.
/// </summary>
public static class CustomerCsv
{
    public static bool TryRead(string text, out List<ImportRow> rows, out string error)
    {
        rows = [];
        if (!TryRecords(text.TrimStart('\uFEFF'), out var records, out error))
        {
            return false;
        }

        if (records.Count == 0)
        {
            error = $"The CSV is empty; its first row names the columns, such as {string.Join(",", CustomerFields.All.Select(f => f.Column))}.";
            return false;
        }

        if (!TryHeader(records[0], out var columns, out error))
        {
            return false;
        }

        foreach (var (cells, index) in records.Skip(1).Select((cells, index) => (cells, index + 1)))
        {
            rows.Add(cells.Count == columns.Count
                ? new ImportRow(index, Fields(columns, cells))
                : new ImportRow(index, null, $"Row {index} has {cells.Count} cells; the header has {columns.Count} columns."));
        }

        return true;
    }

    private static bool TryHeader(List<string> header, out List<CustomerField> columns, out string error)
    {
        columns = [];
        foreach (var name in header.Select(h => h.Trim()))
        {
            var field = CustomerFields.All.FirstOrDefault(f => string.Equals(f.Column, name, StringComparison.OrdinalIgnoreCase));
            if (field is null || columns.Contains(field))
            {
                error = field is null
                    ? $"The CSV header names \"{name}\", which is not a customer column; the columns are {string.Join(", ", CustomerFields.All.Select(f => f.Column))}."
                    : $"The CSV header names \"{name}\" twice.";
                return false;
            }

            columns.Add(field);
        }

        error = columns.Any(c => c.Path == "domain") ? string.Empty : "The CSV header has no domain column; rows are matched to customers by domain.";
        return error.Length == 0;
    }

    private static JsonObject Fields(List<CustomerField> columns, List<string> cells)
    {
        var fields = new JsonObject();
        foreach (var (field, cell) in columns.Zip(cells))
        {
            var text = cell.Trim();
            if (text.Length == 0)
            {
                continue;
            }

            // NaN and infinities read as doubles but are no JSON numbers; as text the field check refuses them.
            JsonNode value = field.Numeric && double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var number) && double.IsFinite(number)
                ? JsonValue.Create(number)
                : JsonValue.Create(text);
            var names = field.Path.Split('.');
            var target = names.Length == 1 ? fields : (JsonObject)(fields[names[0]] ??= new JsonObject());
            target[names[^1]] = value;
        }

        return fields;
    }

    /// <summary>Splits the text into records of cells; blank lines are skipped. False when a quote is never closed.</summary>
    private static bool TryRecords(string text, out List<List<string>> records, out string error)
    {
        records = [];
        var record = new List<string>();
        var cell = new StringBuilder();
        var quoted = false;
        var line = 1;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (quoted)
            {
                if (c == '"' && i + 1 < text.Length && text[i + 1] == '"')
                {
                    cell.Append('"');
                    i++;
                }
                else if (c == '"')
                {
                    quoted = false;
                }
                else
                {
                    line += c == '\n' ? 1 : 0;
                    cell.Append(c);
                }

                continue;
            }

            switch (c)
            {
                case '"' when cell.Length == 0:
                    quoted = true;
                    break;
                case ',':
                    record.Add(cell.ToString());
                    cell.Clear();
                    break;
                case '\r' when i + 1 < text.Length && text[i + 1] == '\n':
                    break;
                case '\r' or '\n':
                    line++;
                    EndRecord(records, record, cell);
                    record = [];
                    break;
                default:
                    cell.Append(c);
                    break;
            }
        }

        if (quoted)
        {
            error = $"A quoted CSV cell opened before line {line} is never closed.";
            return false;
        }

        EndRecord(records, record, cell);
        error = string.Empty;
        return true;
    }

    private static void EndRecord(List<List<string>> records, List<string> record, StringBuilder cell)
    {
        record.Add(cell.ToString());
        cell.Clear();
        if (record.Count > 1 || record[0].Trim().Length > 0)
        {
            records.Add(record);
        }
    }
}
