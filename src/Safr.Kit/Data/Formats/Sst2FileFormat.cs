namespace Safr.Kit.Data;

/// <summary>The sentence-per-line layouts SST-2 is distributed in.</summary>
public enum Sst2FileFormat
{
    /// <summary>Decide from the first line (see <see cref="Sst2Reader.DetectFormat"/>).</summary>
    Auto,

    /// <summary>
    /// Header <c>sentence\tlabel</c>, then one <c>sentence\tlabel</c> row per example: GLUE's train/dev
    /// and the sst2/{train,dev,test}.tsv files with the header "sentence TAB label".
    /// </summary>
    SentenceTabLabel,

    /// <summary>Header <c>index\tsentence</c> and no labels: GLUE's test.tsv, read with Label = -1.</summary>
    IndexTabSentence,

    /// <summary>No header, <c>label sentence</c> per line (space after the label): Kim 2014 / SentEval stsa.binary.*.</summary>
    LabelSpaceSentence,
}
