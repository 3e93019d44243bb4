using DeepSeek.Edge.Models.Naming;

namespace DeepSeek.Edge.Models.Tests;

public sealed class SafeNameTests
{
    [Theory]
    [InlineData("faces\n")]
    [InlineData("faces\r")]
    [InlineData("faces\r\n")]
    [InlineData("fa\0ces")]
    [InlineData("a+b")]
    [InlineData("a#")]
    [InlineData("a/b")]
    [InlineData("../etc")]
    [InlineData(".hidden")]
    [InlineData("")]
    [InlineData(" faces")]
    public void IsValid_NamesThatCannotBeATopicLevelOrDirectory_AreRefused(string name) => Assert.False(SafeName.IsValid(name));

    [Fact]
    public void IsValid_OverlongName_IsRefused()
    {
        Assert.True(SafeName.IsValid(new string('a', 128)));
        Assert.False(SafeName.IsValid(new string('a', 129)));
    }

    [Theory]
    [InlineData("faces")]
    [InlineData("blazeface-back")]
    [InlineData("1.2.0")]
    [InlineData("resnet18_int8.v2")]
    public void IsValid_OrdinaryNames_AreAccepted(string name) => Assert.True(SafeName.IsValid(name));

    [Fact]
    public void Sha256Text_TrailingNewline_IsRefused()
    {
        var digest = new string('a', 64);
        Assert.True(Sha256Text.IsValid(digest));
        Assert.False(Sha256Text.IsValid(digest + "\n"));
    }
}
