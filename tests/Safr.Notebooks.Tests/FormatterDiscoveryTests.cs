namespace Safr.Notebooks.Tests;

public sealed class FormatterDiscoveryTests
{
    private readonly FormatterDiscovery formatters = new();

    private Dictionary<string, string> Format(object? value, params string[] mimeTypes) => formatters.Format(value, mimeTypes).ToDictionary();

    [Fact]
    public void A_type_with_a_TypeFormatterSourceAttribute_of_any_namespace_gets_html_and_plain_text() =>
        Assert.Equal(new Dictionary<string, string> { ["text/html"] = "<meter value=\"2\">2</meter>", ["text/plain"] = "gauge 2" }, Format(new Gauge(2)));

    [Fact]
    public void The_attribute_may_sit_on_an_interface_and_plain_text_falls_back_to_ToString() =>
        Assert.Equal(new Dictionary<string, string> { ["text/html"] = "<svg><title>square</title></svg>", ["text/plain"] = "a square" }, Format(new Square()));

    [Fact]
    public void Preferred_mime_types_limit_the_bundle() =>
        Assert.Equal(new Dictionary<string, string> { ["text/markdown"] = "**note**", ["text/plain"] = typeof(Note).FullName! }, Format(new Note()));

    [Fact]
    public void Requested_mime_types_limit_the_bundle()
    {
        Assert.Equal(["text/html"], Format(new Gauge(1), "text/html").Keys);
        Assert.Equal(["text/plain"], Format(new Gauge(1), "text/plain").Keys);
    }

    [Fact]
    public void Plain_values_are_text_and_html_strings_are_html()
    {
        Assert.Equal(new Dictionary<string, string> { ["text/plain"] = "0.5" }, Format(0.5));
        Assert.Equal(new Dictionary<string, string> { ["text/plain"] = "<null>" }, Format(null));
        Assert.Equal(new Dictionary<string, string> { ["text/html"] = "<p/>" }, Format(new HtmlString("<p/>")));
    }

    [Fact]
    public void Sequences_without_their_own_ToString_are_listed_as_the_kernel_lists_them()
    {
        Assert.Equal("[ 1, 2.5, <null> ]", Format(new object?[] { 1, 2.5, null })["text/plain"]);
        Assert.Equal("[ ]", Format(new List<int>())["text/plain"]);
        Assert.Equal($"[ {string.Join(", ", Enumerable.Range(0, 20))}, ... ]", Format(Enumerable.Range(0, 100).ToArray())["text/plain"]);
    }
}
