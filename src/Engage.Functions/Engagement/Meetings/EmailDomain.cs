namespace Engage.Functions.Engagement.Meetings;

internal static class EmailDomain
{
    /// <summary>
    /// Whether an address (<c>someone@eu.acmecorp.com</c>) or a bare host (<c>eu.acmecorp.com</c>) is
    /// <paramref name="domain"/> or one of its subdomains, ignoring case; <c>notacmecorp.com</c> is not.
    /// </summary>
    public static bool IsWithin(string? address, string domain)
    {
        if (string.IsNullOrWhiteSpace(address))
        {
            return false;
        }

        var host = address[(address.LastIndexOf('@') + 1)..].Trim().TrimEnd('.');
        var expected = domain.Trim().TrimEnd('.');
        return host.Equals(expected, StringComparison.OrdinalIgnoreCase)
            || (host.Length > expected.Length
                && host.EndsWith(expected, StringComparison.OrdinalIgnoreCase)
                && host[^(expected.Length + 1)] == '.');
    }
}
