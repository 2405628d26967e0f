using Engage.Functions.Accounts;

namespace Engage.Functions.Tests.Accounts;

public sealed class CustomerDomainTests
{
    [Theory]
    [InlineData("acmecorp.com", "acmecorp.com")]
    [InlineData("  AcmeCorp.COM ", "acmecorp.com")]
    [InlineData("https://www.acmecorp.com/about?x=1#team", "acmecorp.com")]
    [InlineData("http://acmecorp.com:8080/", "acmecorp.com")]
    [InlineData("www.acmecorp.com", "acmecorp.com")]
    [InlineData("eu.acmecorp.co.uk", "eu.acmecorp.co.uk")]
    [InlineData("bücher.de", "xn--bcher-kva.de")]
    [InlineData("https://www.müller.example/", "xn--mller-kva.example")]
    [InlineData("acmecorp.com.", "acmecorp.com")]
    [InlineData("пример.рф", "xn--e1afmkfd.xn--p1ai")]
    public void Bare_domains_and_website_urls_normalise_to_one_canonical_domain(string input, string expected)
    {
        Assert.True(CustomerDomain.TryNormalize(input, out var domain, out var error), error);
        Assert.Equal(expected, domain);
    }

    [Theory]
    [InlineData(null, "required")]
    [InlineData("", "required")]
    [InlineData("localhost", "top-level domain")]
    [InlineData("acme corp.com", "not")]
    [InlineData("-acme.com", "not a valid hostname")]
    [InlineData("acme..com", "not")]
    [InlineData("192.168.1.10", "IP address")]
    [InlineData("http://[::1]/", "IP address")]
    [InlineData("ftp://acmecorp.com", "not a domain")]
    [InlineData("https://user:pw@acmecorp.com", "not a domain")]
    [InlineData("acme.123", "top-level domain")]
    [InlineData("a_b.com", "not a valid hostname")]
    [InlineData("\u0430cmecorp.com", "homoglyph")]
    [InlineData("xn--cmecorp-1fg.com", "homoglyph")]
    [InlineData("acm\u03b5corp.com", "homoglyph")]
    [InlineData("\u202emoc.procemca", "invisible")]
    [InlineData("acme\u0000corp.com", "control")]
    public void Anything_that_is_not_a_hostname_is_refused_with_a_reason(string? input, string reason)
    {
        Assert.False(CustomerDomain.TryNormalize(input, out _, out var error));
        Assert.Contains(reason, error, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void Long_garbage_is_refused_without_echoing_all_of_it()
    {
        Assert.False(CustomerDomain.TryNormalize(new string('x', 5000), out _, out var error));
        Assert.True(error.Length < 300);
    }
}
