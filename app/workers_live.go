package app

import "unibias/protocol"

// Run starts a live run of query on the theory worker at speed steps per
// tick (0: as fast as possible), stopping the previous live run; progress
// receives its snapshots and errors. It returns the run id.
func (p *Pool) Run(query string, speed int, progress func(protocol.Response)) int {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.broken != "" {
		go progress(protocol.Response{Type: protocol.RespError, Error: p.brokenText()})
		return 0
	}
	c := p.theoryConn()
	if p.liveID != 0 {
		p.send(c, protocol.Request{Type: protocol.ReqControl, ID: p.liveID, Action: "stop"})
		delete(p.handlers, p.liveID)
		delete(c.sent, p.liveID)
	}
	id := p.request(progress)
	p.liveID = id
	p.sendTheory(protocol.Request{Type: protocol.ReqRun, ID: id, Query: query, N: speed})
	return id
}

// Control sends a control action ("pause", "resume", "step", "speed",
// "stop") to the live run id.
func (p *Pool) Control(id int, action string, n int) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if id == 0 {
		return
	}
	p.send(p.theoryConn(), protocol.Request{Type: protocol.ReqControl, ID: id, Action: action, N: n})
	if action == "stop" && id == p.liveID {
		p.liveID = 0
		delete(p.handlers, id)
		delete(p.theoryConn().sent, id)
	}
}
