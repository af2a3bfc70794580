using GitOpsMl.Api.Common;
using GitOpsMl.Controllers.Store;

namespace GitOpsMl.Controllers.Runtime;

/// <summary>A change the informer applied to its cache: the object after it (before it, for Deleted), and the previous copy for updates.</summary>
public sealed record InformerChange(WatchEventType Type, CustomResource Object, CustomResource? Old);
