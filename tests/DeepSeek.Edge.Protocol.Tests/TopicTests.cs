using DeepSeek.Edge.Protocol.Topics;

namespace DeepSeek.Edge.Protocol.Tests;

public sealed class TopicTests
{
    [Theory]
    [InlineData("a/b/c", "a/b/c", true)]
    [InlineData("a/+/c", "a/b/c", true)]
    [InlineData("a/+/c", "a/b/d", false)]
    [InlineData("a/#", "a/b/c", true)]
    [InlineData("a/#", "a", true)]
    [InlineData("a/+", "a", false)]
    [InlineData("a/+", "a/b/c", false)]
    [InlineData("#", "a/b", true)]
    [InlineData("#", "$SYS/x", false)]
    [InlineData("a/b", "a/b/c", false)]
    [InlineData("a/b/c", "a/b", false)]
    [InlineData("+/+", "a/", true)]
    public void IsMatch_FilterAndTopic_FollowsMqttRules(string filter, string topic, bool expected) =>
        Assert.Equal(expected, TopicFilter.IsMatch(filter, topic));

    [Fact]
    public void Topics_Layout_MatchesProtocolDocument()
    {
        var t = new MqttTopics("dsedge", "cam-01");

        Assert.Equal("dsedge/devices/cam-01/status", t.Status);
        Assert.Equal("dsedge/devices/cam-01/telemetry", t.Telemetry);
        Assert.Equal("dsedge/devices/cam-01/events", t.Events);
        Assert.Equal("dsedge/devices/cam-01/captures", t.Captures);
        Assert.Equal("dsedge/devices/cam-01/state/reported", t.ReportedState);
        Assert.Equal("dsedge/devices/cam-01/state/desired", t.DesiredState);
        Assert.Equal("dsedge/devices/cam-01/commands/+", t.CommandsFilter);
        Assert.Equal("dsedge/devices/cam-01/commands/reboot", t.Command("reboot"));
        Assert.Equal("dsedge/devices/cam-01/responses", t.Responses);
        Assert.Equal("dsedge/groups/lobby/state/desired", t.GroupDesiredState("lobby"));
        Assert.Equal("dsedge/models/faces/1.2.0/manifest", t.ModelManifest("faces", "1.2.0"));
        Assert.Equal("dsedge/models/faces/1.2.0/chunks/7", t.ModelChunk("faces", "1.2.0", 7));
    }

    [Fact]
    public void Command_VerbWithWildcard_Throws() =>
        Assert.Throws<ArgumentException>(() => new MqttTopics("dsedge", "cam-01").Command("a/#"));

    [Theory]
    [InlineData("site1/dsedge/devices/cam-01/telemetry", "cam-01", DeviceTopicKind.Telemetry)]
    [InlineData("site1/dsedge/devices/cam-01/status", "cam-01", DeviceTopicKind.Status)]
    [InlineData("site1/dsedge/devices/cam.2_b/state/reported", "cam.2_b", DeviceTopicKind.ReportedState)]
    [InlineData("site1/dsedge/devices/cam-01/models/state", "cam-01", DeviceTopicKind.ModelState)]
    [InlineData("site1/dsedge/devices/cam-01/responses/fleet-7", "cam-01", DeviceTopicKind.Responses)]
    public void DeviceTopic_TopicsADevicePublishes_AreReadBack(string topic, string device, DeviceTopicKind kind)
    {
        Assert.True(DeviceTopic.TryParse("site1/dsedge", topic, out var parsed));
        Assert.Equal(new DeviceTopic(device, kind), parsed);
    }

    [Theory]
    [InlineData("other/devices/cam-01/telemetry")]
    [InlineData("site1/dsedge/devices/cam-01/telemetryx")]
    [InlineData("site1/dsedge/devices/cam-01/responsesx")]
    [InlineData("site1/dsedge/devices/cam-01\n/telemetry")]
    [InlineData("site1/dsedge/devices/-bad/telemetry")]
    [InlineData("site1/dsedge/devices//telemetry")]
    [InlineData("site1/dsedge/devices/cam-01/commands/ping")]
    public void DeviceTopic_OtherTopicsAndBadIds_AreNotDeviceTopics(string topic) =>
        Assert.False(DeviceTopic.TryParse("site1/dsedge", topic.Replace("\\n", "\n", StringComparison.Ordinal), out _));
}
