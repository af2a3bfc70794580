namespace GitOpsMl.Testing.Store;

/// <summary>A test of <see cref="ObjectStoreContract"/>: the SQLite store needs nothing, so it always runs here.</summary>
public sealed class ContractFactAttribute : FactAttribute;
