using System.Reflection;
using Safr.Kit.Display;

namespace Safr.Kit.Tests.Display;

/// <summary>The shapes the kernel's convention-based route reads by reflection.</summary>
public class FormatterContractTests
{
    [Fact]
    public void The_attribute_has_the_kernels_name_and_properties()
    {
        var type = typeof(TypeFormatterSourceAttribute);
        Assert.Equal(ConventionDispatcher.AttributeName, type.Name);
        Assert.Equal(typeof(Type), type.GetProperty("FormatterSourceType")?.PropertyType);
        Assert.Equal(typeof(string[]), type.GetProperty("PreferredMimeTypes")?.PropertyType);
        Assert.NotNull(type.GetConstructor([typeof(Type)]));
        Assert.Equal(["text/html", "text/plain"], new TypeFormatterSourceAttribute(typeof(SafrFormatterSource)).PreferredMimeTypes ?? []);
    }

    [Fact]
    public void The_source_and_formatters_have_the_conventional_members()
    {
        Assert.NotNull(typeof(SafrFormatterSource).GetConstructor(Type.EmptyTypes));
        var create = typeof(SafrFormatterSource).GetMethod("CreateTypeFormatters");
        Assert.NotNull(create);
        Assert.Equal(typeof(IEnumerable<object>), create.ReturnType);
        Assert.Empty(create.GetParameters());

        var formatter = typeof(SafrFormatter);
        Assert.Equal(typeof(Type), formatter.GetProperty("Type")?.PropertyType);
        Assert.Equal(typeof(string), formatter.GetProperty("MimeType")?.PropertyType);
        var format = Assert.Single(formatter.GetMethods(BindingFlags.Public | BindingFlags.Instance), m => m.Name == "Format");
        Assert.Equal(typeof(bool), format.ReturnType);
        Assert.Equal([typeof(object), typeof(TextWriter)], format.GetParameters().Select(p => p.ParameterType));
    }

    [Fact]
    public void The_source_gives_an_html_and_a_text_formatter_for_every_displayed_type()
    {
        var formatters = ConventionDispatcher.Formatters(typeof(SafrFormatterSource)).Cast<SafrFormatter>().ToList();
        foreach (var type in SafrDisplay.DisplayedTypes)
        {
            Assert.Contains(formatters, f => f.Type == type && f.MimeType == "text/html");
            Assert.Contains(formatters, f => f.Type == type && f.MimeType == "text/plain");
        }
        Assert.Equal(2 * SafrDisplay.DisplayedTypes.Count, formatters.Count);
    }

    [Fact]
    public void The_displays_own_types_carry_the_attribute()
    {
        foreach (var type in new[] { typeof(TokenImportance), typeof(TokenMatrix), typeof(Figure) })
        {
            Assert.Equal(typeof(SafrFormatterSource), ConventionDispatcher.FormatterSourceType(type));
            Assert.Equal(["text/html", "text/plain"], ConventionDispatcher.PreferredMimeTypes(type) ?? []);
        }
    }

    /// <summary>Every displayed type carries the attribute (the kernel finds formatters only through it), naming this source, HTML first.</summary>
    [Fact]
    public void Every_displayed_type_carries_the_attribute_naming_the_kits_source()
    {
        foreach (var type in SafrDisplay.DisplayedTypes)
        {
            Assert.True(ConventionDispatcher.SourceAttribute(type) is not null, $"{type.Name} has no TypeFormatterSource attribute");
            Assert.Equal(typeof(SafrFormatterSource), ConventionDispatcher.FormatterSourceType(type));
            Assert.Equal("text/html", ConventionDispatcher.PreferredMimeTypes(type)?.FirstOrDefault());
        }
    }

    [Fact]
    public void A_type_with_the_attribute_is_formatted_through_it()
    {
        var html = ConventionDispatcher.Format(new TokenImportance(["a", "b"], [0.2, 0.9]), "text/html");
        Assert.NotNull(html);
        Assert.Contains(">a</span>", html);
        Assert.Equal("a(0.2) b(0.9)", ConventionDispatcher.Format(new TokenImportance(["a", "b"], [0.2, 0.9]), "text/plain"));
    }

    [Fact]
    public void A_formatter_declines_values_of_other_types_and_null()
    {
        var formatter = ConventionDispatcher.Formatters(typeof(SafrFormatterSource)).Cast<SafrFormatter>()
            .First(f => f.Type == typeof(Safr.Kit.Training.TrainingResult) && f.MimeType == "text/html");
        using var writer = new StringWriter();
        Assert.False(formatter.Format("not a result", writer));
        Assert.False(formatter.Format(null!, writer));
        Assert.Equal("", writer.ToString());
    }
}
