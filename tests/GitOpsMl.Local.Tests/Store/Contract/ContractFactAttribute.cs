namespace GitOpsMl.Testing.Store;

/// <summary>A test of <see cref="ObjectStoreContract"/> or <see cref="ControllerOnStoreContract"/>: the SQLite store needs nothing, so it always runs here.</summary>
public sealed class ContractFactAttribute : FactAttribute;
