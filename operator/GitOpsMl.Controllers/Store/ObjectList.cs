using GitOpsMl.Api.Common;

namespace GitOpsMl.Controllers.Store;

/// <summary>A consistent list of objects and the store revision it was read at (where a watch continues).</summary>
public sealed record ObjectList(IReadOnlyList<CustomResource> Items, long Revision);
