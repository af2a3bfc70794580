namespace GitOpsMl.Serving;

/// <summary>The server stopped at startup because a model had no bundle that loads; the message names the model, folder and refusal.</summary>
public sealed class ServingStartupException(string reason) : Exception(reason);
