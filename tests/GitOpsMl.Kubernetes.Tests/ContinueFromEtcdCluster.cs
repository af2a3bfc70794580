namespace GitOpsMl.Kubernetes.Tests;

/// <summary>
/// A cluster (CRDs installed) whose API server serves every continued list page from etcd, at the revision
/// the continue token names: its watch cache's list snapshots are off (feature gate ListFromCacheSnapshot,
/// beta and on since 1.34; every earlier release reads continues from etcd). With the snapshots on, the cache
/// drops a snapshot only when the API server's own compaction loop (--etcd-compaction-interval, 5 minutes)
/// reports a compaction, so a compaction done to etcd directly goes unseen and the snapshot keeps answering.
/// Either way an expired token ends in the same place, shown here: etcd refusing a compacted revision, 410 Gone.
/// </summary>
public sealed class ContinueFromEtcdCluster() : StoreCluster(["--feature-gates=ListFromCacheSnapshot=false"]);
