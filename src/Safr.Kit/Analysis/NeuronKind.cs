using System.Text.Json.Serialization;

namespace Safr.Kit.Analysis;

/// <summary>How one FFN neuron's activation over a text's tokens is allocated (see <see cref="NeuronAllocation"/> for the rule).</summary>
[JsonConverter(typeof(JsonStringEnumConverter<NeuronKind>))]
public enum NeuronKind
{
    /// <summary>No activation on any real token (total below <see cref="NeuronAllocation.DeadTotal"/>).</summary>
    Dead,

    /// <summary>One token holds at least the monosemantic share of the neuron's activation.</summary>
    Monosemantic,

    /// <summary>Active, but no token holds the monosemantic share: the neuron serves several tokens.</summary>
    Polysemantic,
}
