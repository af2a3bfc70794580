namespace GitOpsMl.Controllers.Store;

/// <summary>The API server's status reasons a reconciler acts on.</summary>
public enum StoreErrorKind { NotFound, AlreadyExists, Conflict, Expired, Invalid }
