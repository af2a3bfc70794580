// Torch's global generator and thread count are process-wide. Test classes running in parallel would reseed or
// draw from the generator under each other's feet (TorchSharpSmokeTests calls manual_seed too), and the
// determinism tests would then flake. The suite is small; running it serially costs little.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
