namespace Safr.Kit.Tests.Display;

/// <summary>Tests that change <see cref="Safr.Kit.Display.Plots.Script"/> run alone, so no other test sees the change.</summary>
[CollectionDefinition("SafrDisplayGlobals", DisableParallelization = true)]
public class DisplayGlobalsCollection;
