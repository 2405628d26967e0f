using System.Globalization;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Engage.Functions.Http;

/// <summary>
/// Typed reads of a request's query string, each refusal a problem that names the parameter: the Functions
/// trigger binds only the request and route values, so the functions read the rest themselves.
/// </summary>
public static class QueryParameters
{
    /// <summary>The text of <paramref name="name"/>, or null when it is absent or empty.</summary>
    public static string? Text(HttpRequest request, string name) =>
        request.Query.TryGetValue(name, out var values) && values.ToString() is { Length: > 0 } text ? text : null;

    /// <summary>
    /// A whole number within [<paramref name="min"/>, <paramref name="max"/>], <paramref name="fallback"/> when
    /// absent; otherwise false with the problem to answer.
    /// </summary>
    public static bool TryReadWholeNumber(
        HttpRequest request, string name, int fallback, int min, int max, out int value, out ProblemHttpResult? problem)
    {
        problem = null;
        value = fallback;
        if (Text(request, name) is not { } text)
        {
            return true;
        }

        if (int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out value) && value >= min && value <= max)
        {
            return true;
        }

        problem = Problems.Validation($"{name} must be from {min} to {max}.");
        return false;
    }
}
