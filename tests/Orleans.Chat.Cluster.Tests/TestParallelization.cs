// Every test class starts its own processes (redis-server, silos, gateways) on a small shared
// machine: run them one at a time so that timings measure the cluster, not CPU contention.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
