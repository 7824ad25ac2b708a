package localapi

import (
	"context"
	"fmt"
	"net"
	"os"
	"os/user"
	"strconv"

	"golang.org/x/sys/unix"
)

// Peer is the identity of the process on the other end of the socket.
type Peer struct {
	UID   int
	PID   int
	Known bool // false when the platform gave no credentials
}

type peerKey struct{}

// peerOf reads SO_PEERCRED: the socket's 0600 mode is the main guard, and the
// uid check is defence in depth should the mode ever be loosened.
func peerOf(c net.Conn) Peer {
	uc, ok := c.(*net.UnixConn)
	if !ok {
		return Peer{}
	}
	raw, err := uc.SyscallConn()
	if err != nil {
		return Peer{}
	}
	var cred *unix.Ucred
	var cerr error
	err = raw.Control(func(fd uintptr) {
		cred, cerr = unix.GetsockoptUcred(int(fd), unix.SOL_SOCKET, unix.SO_PEERCRED)
	})
	if err != nil || cerr != nil || cred == nil {
		return Peer{}
	}
	return Peer{UID: int(cred.Uid), PID: int(cred.Pid), Known: true}
}

func connContext(ctx context.Context, c net.Conn) context.Context {
	return context.WithValue(ctx, peerKey{}, peerOf(c))
}

// PeerFrom returns the peer of a request's connection.
func PeerFrom(ctx context.Context) Peer {
	p, _ := ctx.Value(peerKey{}).(Peer)
	return p
}

// allowed: the agent's own user, or root.
func (p Peer) allowed() bool {
	return !p.Known || p.UID == os.Getuid() || p.UID == 0
}

// Actor names the peer for the audit log: the OS user name when it resolves.
func (p Peer) Actor() string {
	if !p.Known {
		return "local"
	}
	if u, err := user.LookupId(strconv.Itoa(p.UID)); err == nil && u.Username != "" {
		return u.Username
	}
	return fmt.Sprintf("uid:%d", p.UID)
}
