namespace Safr.Notebooks;

/// <summary>
/// The kernel lists the package sources a <c>#r</c> restored from in that cell's output. The feeds the runner adds itself
/// (<c>--feed</c>, SAFR_FEED) are folders of the machine that ran the notebook, not part of the notebook: they are left
/// out of the outputs it saves, so a committed notebook names no folder of the machine that ran it.
/// </summary>
internal static class RunnerFeeds
{
    private const string EmptyRestoreSources = "<div><strong>Restore sources</strong><ul></ul></div>";

    /// <summary><paramref name="html"/> without the list items naming <paramref name="feeds"/>, and without a list they leave empty.</summary>
    public static string WithoutFeeds(string html, IReadOnlyCollection<string> feeds)
    {
        ArgumentNullException.ThrowIfNull(html);
        ArgumentNullException.ThrowIfNull(feeds);
        foreach (var feed in feeds)
        {
            html = html.Replace($"<li><span> {feed}</span></li>", "", StringComparison.Ordinal)
                       .Replace($"<li><span>{feed}</span></li>", "", StringComparison.Ordinal);
        }
        return html.Replace(EmptyRestoreSources, "", StringComparison.Ordinal);
    }
}
