namespace GitOpsMl.Controllers.Store;

/// <summary>One field a server refused, as its Status lists it: the path ("spec.replicas.min"), the reason ("FieldValueInvalid") and the message.</summary>
public sealed record StoreFieldError(string Field, string Reason, string Message);
