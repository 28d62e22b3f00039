using System.Text.Json.Nodes;

namespace Safr.Notebooks;

/// <summary>
/// The metadata VS Code's Polyglot Notebooks extension writes for a C# notebook, so a notebook this runner
/// writes opens there as C#. Notebook level:
/// <code>
/// "kernelspec": {"display_name": ".NET (C#)", "language": "C#", "name": ".net-csharp"},
/// "language_info": {"name": "polyglot-notebook"},
/// "polyglot_notebook": {"kernelInfo": {"defaultKernelName": "csharp", "items": [{"aliases": [], "name": "csharp"}]}}
/// </code>
/// Code cell level: <c>"dotnet_interactive": {"language": "csharp"}, "polyglot_notebook": {"kernelName": "csharp"}</c>.
/// </summary>
public static class PolyglotMetadata
{
    public const string CSharpKernel = "csharp";

    /// <summary>Adds whichever of the notebook-level keys are missing; never overwrites.</summary>
    public static void AddMissingToNotebook(JsonObject metadata)
    {
        metadata.TryAdd("kernelspec", new JsonObject { ["display_name"] = ".NET (C#)", ["language"] = "C#", ["name"] = ".net-csharp" });
        metadata.TryAdd("language_info", new JsonObject { ["name"] = "polyglot-notebook" });
        metadata.Child("polyglot_notebook")?.TryAdd("kernelInfo", new JsonObject
        {
            ["defaultKernelName"] = CSharpKernel,
            ["items"] = new JsonArray(new JsonObject { ["aliases"] = new JsonArray(), ["name"] = CSharpKernel }),
        });
    }

    /// <summary>Adds whichever of a C# code cell's keys are missing; never overwrites.</summary>
    public static void AddMissingToCell(JsonObject metadata)
    {
        metadata.Child("dotnet_interactive")?.TryAdd("language", CSharpKernel);
        metadata.Child("polyglot_notebook")?.TryAdd("kernelName", CSharpKernel);
    }

    /// <summary>True for C#'s names and aliases in .NET Interactive (csharp, c#, cs).</summary>
    public static bool IsCSharp(string kernelName) => kernelName.ToLowerInvariant() is "csharp" or "c#" or "cs";

    /// <summary>
    /// The kernel a cell without its own language metadata runs in: the notebook's default kernel, else what its
    /// kernelspec language implies (as .NET Interactive decides), else C#.
    /// </summary>
    public static string DefaultKernel(JsonObject notebookMetadata)
    {
        if (notebookMetadata["polyglot_notebook"]?["kernelInfo"]?["defaultKernelName"].AsString() is { Length: > 0 } name) return name;
        return notebookMetadata["kernelspec"]?["language"].AsString() switch
        {
            null or "C#" => CSharpKernel,
            "F#" => "fsharp",
            "PowerShell" => "pwsh",
            var other => other,
        };
    }
}
