#!/usr/bin/env node
'use strict';

/*
 * Test-only interoperability peer: runs ONE node-discover 1.2.1 instance,
 * prints every event as one JSON line on stdout and takes one JSON command
 * per line on stdin. See README.md. It refuses to run unless everything it
 * sends stays on loopback (127.0.0.0/8).
 */

const crypto = require('crypto');
const readline = require('readline');

let exiting = false;

function emit(obj, done) {
  let line;
  try {
    line = JSON.stringify(obj);
  } catch (e) {
    line = JSON.stringify({ event: obj && obj.event, unserializable: String(e) });
  }
  return process.stdout.write(line + '\n', done);
}

// Write a last line, then exit once it has been flushed.
function finish(obj, code) {
  if (exiting) return;
  exiting = true;
  const timer = setTimeout(() => process.exit(code), 2000);
  const done = () => { clearTimeout(timer); process.exit(code); };
  try {
    if (obj) emit(obj, done); else done();
  } catch (e) {
    done();
  }
}

// The parent went away (EPIPE): nothing left to report to.
process.stdout.on('error', () => process.exit(0));

process.on('uncaughtException', (err) => {
  if (exiting) process.exit(1);
  finish({ event: 'crash', message: String(err && err.stack ? err.stack : err) }, 1);
});

function fatal(message) {
  finish({ event: 'fatal', message: message }, 2);
}

// ---------------------------------------------------------------- options

let options;
try {
  options = process.argv.length > 2 ? JSON.parse(process.argv[2]) : {};
} catch (e) {
  fatal('first argument is not valid JSON: ' + String(e));
  return;
}
if (options === null || typeof options !== 'object' || Array.isArray(options)) {
  fatal('first argument must be a JSON object');
  return;
}

const IPV4 = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/;

// node-discover destinations are "host" or "host:port" (see Destination in network.js).
function loopbackDestination(value) {
  if (typeof value !== 'string') return false;
  const tokens = value.split(':');
  if (tokens.length > 2) return false;
  if (tokens.length === 2 && !/^\d{1,5}$/.test(tokens[1])) return false;
  const m = IPV4.exec(tokens[0]);
  if (!m) return false;
  const octets = m.slice(1).map(Number);
  return octets[0] === 127 && octets.every((o) => o >= 0 && o <= 255);
}

function networkProblem(o) {
  if (o.multicast !== undefined && o.multicast !== null) {
    return 'multicast is refused: node-discover cannot restrict it to the loopback interface';
  }
  if (o.broadcast !== undefined && o.broadcast !== null && !loopbackDestination(o.broadcast)) {
    return 'broadcast ' + JSON.stringify(o.broadcast) + ' is not an IPv4 address in 127.0.0.0/8';
  }
  if (o.unicast) {
    // Same interpretation as node-discover: a string with commas is split, a string
    // without is one entry, an array is taken as it is.
    const list = (typeof o.unicast === 'string') ? o.unicast.split(',') : [].concat(o.unicast);
    for (const entry of list) {
      if (!loopbackDestination(entry)) {
        return 'unicast entry ' + JSON.stringify(entry) + ' is not an IPv4 address in 127.0.0.0/8';
      }
    }
    return null;
  }
  if (!o.broadcast) {
    return 'broadcast must be given (in 127.0.0.0/8, e.g. 127.255.255.255) unless unicast is given; '
      + 'the default 255.255.255.255 is refused';
  }
  return null;
}

const problem = networkProblem(options);
if (problem) {
  fatal('refusing to start: ' + problem);
  return;
}

// node-discover 1.2.1 encrypts with crypto.createCipher, which Node.js 22 removed.
// Node 20 still has it; on newer versions put back an equivalent (EVP_BytesToKey
// with MD5, one round, no salt) so that the bytes on the wire stay the same.
if (typeof crypto.createCipher !== 'function' || typeof crypto.createDecipher !== 'function') {
  const derive = (algorithm, password) => {
    const info = crypto.getCipherInfo(algorithm);
    const pass = Buffer.isBuffer(password) ? password : Buffer.from(String(password), 'utf8');
    const need = info.keyLength + (info.ivLength || 0);
    let out = Buffer.alloc(0);
    let prev = Buffer.alloc(0);
    while (out.length < need) {
      prev = crypto.createHash('md5').update(Buffer.concat([prev, pass])).digest();
      out = Buffer.concat([out, prev]);
    }
    return {
      key: out.subarray(0, info.keyLength),
      iv: info.ivLength ? out.subarray(info.keyLength, need) : null,
    };
  };
  crypto.createCipher = (algorithm, password) => {
    const k = derive(algorithm, password);
    return crypto.createCipheriv(algorithm, k.key, k.iv);
  };
  crypto.createDecipher = (algorithm, password) => {
    const k = derive(algorithm, password);
    return crypto.createDecipheriv(algorithm, k.key, k.iv);
  };
}

// ---------------------------------------------------------------- discover

const Discover = require('node-discover');

function describe(node) {
  const n = node || {};
  const orNull = (v) => (v === undefined ? null : v);
  return {
    id: orNull(n.id),
    hostName: orNull(n.hostName),
    address: orNull(n.address),
    port: orNull(n.port),
    weight: orNull(n.weight),
    isMaster: orNull(n.isMaster),
    isMasterEligible: orNull(n.isMasterEligible),
    advertisement: orNull(n.advertisement),
  };
}

let discover;
try {
  // Start explicitly below, after every listener is in place.
  discover = new Discover(Object.assign({}, options, { start: false }));
} catch (e) {
  fatal('node-discover rejected the options: ' + String(e && e.message ? e.message : e));
  return;
}

discover.on('added', (node) => emit({ event: 'added', node: describe(node) }));
discover.on('removed', (node) => emit({ event: 'removed', node: describe(node) }));
discover.on('master', (node) => emit({ event: 'master', node: describe(node) }));
discover.on('promotion', () => emit({ event: 'promotion' }));
discover.on('demotion', () => emit({ event: 'demotion' }));
discover.on('error', (err) => emit({ event: 'error', message: String(err) }));

let stopped = false;
function stopAndExit() {
  if (stopped || exiting) return;
  stopped = true;
  try {
    discover.stop();
  } catch (e) {
    // already closed; nothing more to do
  }
  finish({ event: 'stopped' }, 0);
}

// ---------------------------------------------------------------- commands

const handlers = new Map(); // channel -> our listener on the discover instance

function channelHandler(channel) {
  return (data, obj) => emit({
    event: 'message',
    channel: channel,
    data: data === undefined ? null : data,
    from: obj && obj.iid !== undefined ? obj.iid : null,
    hostName: obj && obj.hostName !== undefined ? obj.hostName : null,
  });
}

function needChannel(c) {
  if (typeof c.channel !== 'string') throw new Error('"channel" must be a string');
  return c.channel;
}

const commands = {
  advertise: (c) => discover.advertise(c.value === undefined ? null : c.value),
  join: (c) => {
    const channel = needChannel(c);
    const fn = handlers.has(channel) ? undefined : channelHandler(channel);
    const joined = discover.join(channel, fn);
    if (joined && fn) handlers.set(channel, fn);
    return joined;
  },
  leave: (c) => {
    const channel = needChannel(c);
    const result = discover.leave(channel);
    // node-discover leaves our listener on the instance; drop it so that a later
    // join does not print every message twice.
    const fn = handlers.get(channel);
    if (fn) {
      discover.removeListener(channel, fn);
      handlers.delete(channel);
    }
    return result;
  },
  send: (c) => discover.send(needChannel(c), c.data === undefined ? null : c.data),
  // Joins a channel and sends every message received on it back, unchanged, on channel "to".
  echo: (c) => {
    const channel = needChannel(c);
    if (typeof c.to !== 'string') throw new Error('"to" must be a string');
    if (handlers.has(channel)) return false;
    const print = channelHandler(channel);
    const fn = (data, obj) => {
      print(data, obj);
      discover.send(c.to, data);
    };
    const joined = discover.join(channel, fn);
    if (joined) handlers.set(channel, fn);
    return joined;
  },
  promote: () => discover.promote(),
  demote: (c) => discover.demote(!!c.permanent),
  hello: () => discover.hello(),
  nodes: () => {
    const nodes = [];
    discover.eachNode((node) => nodes.push(describe(node)));
    emit({ event: 'nodes', nodes: nodes });
  },
};

// Lines written while one chunk of stdin is read go out together once it is done (one write per burst of commands,
// not one per command); JavaPeerMain does the same. A command alone in its chunk is acknowledged at once.
let corked = false;

function onLine(line) {
  if (!corked) {
    corked = true;
    process.stdout.cork();
    process.nextTick(() => {
      corked = false;
      process.stdout.uncork();
    });
  }
  if (stopped || exiting) return;
  if (line.trim() === '') return;
  let c;
  try {
    c = JSON.parse(line);
  } catch (e) {
    emit({ event: 'badcommand', line: line, reason: 'not JSON' });
    return;
  }
  if (c === null || typeof c !== 'object' || Array.isArray(c) || typeof c.cmd !== 'string') {
    emit({ event: 'badcommand', line: line, reason: 'not an object with a string "cmd"' });
    return;
  }
  if (c.cmd === 'stop') {
    let result = null;
    try {
      const r = discover.stop();
      result = r === undefined ? null : r;
    } catch (e) {
      result = null;
    }
    stopped = true;
    emit({ event: 'ok', cmd: 'stop', result: result });
    finish({ event: 'stopped' }, 0);
    return;
  }
  if (!Object.prototype.hasOwnProperty.call(commands, c.cmd)) {
    emit({ event: 'badcommand', line: line, reason: 'unknown cmd' });
    return;
  }
  let result;
  try {
    result = commands[c.cmd](c);
  } catch (e) {
    emit({ event: 'badcommand', line: line, reason: String(e && e.message ? e.message : e) });
    return;
  }
  emit({ event: 'ok', cmd: c.cmd, result: result === undefined ? null : result });
}

// ---------------------------------------------------------------- start

process.on('SIGTERM', stopAndExit);
process.on('SIGINT', stopAndExit);

discover.start((err) => {
  if (err) {
    finish({ event: 'fatal', message: 'could not start: ' + String(err) }, 1);
    return;
  }
  emit({
    event: 'started',
    id: discover.broadcast.instanceUuid,
    pid: discover.broadcast.processUuid,
    weight: discover.me.weight,
  });
  const rl = readline.createInterface({ input: process.stdin, terminal: false });
  rl.on('line', onLine);
  rl.on('close', stopAndExit);
});
