/**
 * Channels: {@link dev.discovery.spring.channel.ChannelListener} methods receive a channel's messages, with the
 * payload converted to their parameter type, and {@link dev.discovery.spring.channel.ChannelSender} sends them.
 * {@link dev.discovery.spring.channel.UnconvertiblePayloads} counts the messages a listener could not take (the meters
 * read it). Those are the API; {@code ChannelListenerProcessor} is public only so that
 * {@code DiscoveryAutoConfiguration} can create it: not API.
 */
@NullMarked
package dev.discovery.spring.channel;

import org.jspecify.annotations.NullMarked;
