namespace GitOpsMl.Onnx.Tests.Support;

// The reference is only a yardstick if it is itself right: pin it to published erf values.
public class NetworkReferenceTests
{
    [Theory]
    [InlineData(0.0, 0.0)]
    [InlineData(0.5, 0.5204998778130465)]
    [InlineData(1.0, 0.8427007929497149)]
    [InlineData(2.0, 0.9953222650189527)]
    [InlineData(2.5, 0.9995930479825550)]
    [InlineData(3.0, 0.9999779095030014)]
    [InlineData(-1.0, -0.8427007929497149)]
    public void Erf_matches_published_values(double x, double expected) =>
        Assert.Equal(expected, NetworkReference.Erf(x), 1e-14);
}
