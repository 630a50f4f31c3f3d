// Package procs runs the programs of a chaos scenario (nats-server, the
// four workers) as real child processes that the suite can signal, kill
// and restart, and supervises them as a container runtime would: a process
// that exits without having been told to is started again (compose's
// `restart: unless-stopped`), and the restart is counted.
package procs

import (
	"errors"
	"fmt"
	"os"
	"os/exec"
	"sync"
	"syscall"
	"time"
)

// Proc is one supervised program.
type Proc struct {
	Name    string
	bin     string
	args    []string
	env     []string
	logPath string

	mu       sync.Mutex
	cmd      *exec.Cmd
	exited   chan struct{} // closed when the current process has exited
	state    *os.ProcessState
	expected bool // the suite signalled or killed it: do not restart
	stopped  bool // Stop was called: never restart
	restarts int  // unexpected exits that were restarted
	wg       sync.WaitGroup
}

// Start starts bin with args and env (added to the suite's environment),
// appending its output to logPath.
func Start(name, bin string, args, env []string, logPath string) (*Proc, error) {
	p := &Proc{Name: name, bin: bin, args: args, env: env, logPath: logPath}
	p.mu.Lock()
	defer p.mu.Unlock()
	if err := p.startLocked(); err != nil {
		return nil, err
	}
	return p, nil
}

func (p *Proc) startLocked() error {
	log, err := os.OpenFile(p.logPath, os.O_CREATE|os.O_WRONLY|os.O_APPEND, 0o644)
	if err != nil {
		return fmt.Errorf("%s: log: %w", p.Name, err)
	}
	fmt.Fprintf(log, "=== %s start %s\n", time.Now().UTC().Format(time.RFC3339Nano), p.Name)
	cmd := exec.Command(p.bin, p.args...)
	cmd.Env = append(os.Environ(), p.env...)
	cmd.Stdout, cmd.Stderr = log, log
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	if err := cmd.Start(); err != nil {
		log.Close()
		return fmt.Errorf("start %s: %w", p.Name, err)
	}
	p.cmd, p.exited, p.state, p.expected = cmd, make(chan struct{}), nil, false
	exited := p.exited
	p.wg.Add(1)
	go func() {
		defer p.wg.Done()
		_ = cmd.Wait()
		log.Close()
		p.mu.Lock()
		p.state = cmd.ProcessState
		close(exited)
		restart := !p.expected && !p.stopped
		p.mu.Unlock()
		if !restart {
			return
		}
		time.Sleep(time.Second) // as a supervisor's restart delay
		p.mu.Lock()
		defer p.mu.Unlock()
		if p.stopped || p.cmd != cmd {
			return
		}
		p.restarts++
		_ = p.startLocked()
	}()
	return nil
}

// Pid is the current process's id.
func (p *Proc) Pid() int {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.cmd.Process.Pid
}

// Restarts counts the unexpected exits the supervisor restarted.
func (p *Proc) Restarts() int {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.restarts
}

// Signal sends sig to the process. A signal that ends it is expected: the
// process is not restarted until Restart.
func (p *Proc) Signal(sig syscall.Signal) error {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.expected = true
	return p.cmd.Process.Signal(sig)
}

// Kill SIGKILLs the process and waits until it is gone.
func (p *Proc) Kill() {
	_ = p.Signal(syscall.SIGKILL)
	p.mu.Lock()
	exited := p.exited
	p.mu.Unlock()
	<-exited
}

// WaitExit waits up to timeout for the process to exit and returns its
// exit code (-1 when it ended by a signal).
func (p *Proc) WaitExit(timeout time.Duration) (int, error) {
	p.mu.Lock()
	exited := p.exited
	p.mu.Unlock()
	select {
	case <-exited:
	case <-time.After(timeout):
		return 0, fmt.Errorf("%s still running after %s", p.Name, timeout)
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.state.ExitCode(), nil
}

// Restart starts the program again after the suite stopped it.
func (p *Proc) Restart() error {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.state == nil {
		return errors.New(p.Name + " is still running")
	}
	return p.startLocked()
}

// Stop ends the program for good: SIGTERM, then SIGKILL after grace.
func (p *Proc) Stop(grace time.Duration) {
	p.mu.Lock()
	p.stopped, p.expected = true, true
	exited := p.exited
	_ = p.cmd.Process.Signal(syscall.SIGTERM)
	p.mu.Unlock()
	select {
	case <-exited:
	case <-time.After(grace):
		p.mu.Lock()
		_ = p.cmd.Process.Kill()
		p.mu.Unlock()
		<-exited
	}
	p.wg.Wait()
}
