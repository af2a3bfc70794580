using GitOpsMl.Api.Common;

namespace GitOpsMl.Controllers.Store;

public enum WatchEventType { Added, Modified, Deleted }

/// <summary>One change seen by a watch; Object is the object after the change (before it, for Deleted).</summary>
public sealed record WatchEvent(WatchEventType Type, CustomResource Object, long Revision);
