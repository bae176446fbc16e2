package app

import "unibias/protocol"

// Preset asks the theory worker for a preset figure; the answer arrives
// through OnPlan as a protocol.RespFigure response.
func (p *Pool) Preset(gen int, name string) int {
	p.mu.Lock()
	defer p.mu.Unlock()
	id := p.newID()
	p.send(p.theoryConn(), protocol.Request{Type: protocol.ReqPreset, ID: id, Gen: gen, Query: name})
	return id
}

// SimulateTrajectory queues a simulation whose report carries the recorded
// trajectory; it returns the request id.
func (p *Pool) SimulateTrajectory(gen int, query string) int {
	p.mu.Lock()
	defer p.mu.Unlock()
	id := p.newID()
	p.queue = append(p.queue, protocol.Request{Type: protocol.ReqSimulate, ID: id, Gen: gen, Query: query, Trajectory: true})
	p.dispatchLocked()
	return id
}

// Terminate stops every worker of the pool.
func (p *Pool) Terminate() {
	p.mu.Lock()
	defer p.mu.Unlock()
	for _, c := range append(p.sims, p.theory) {
		if c != nil && c.w != nil && c.w.Truthy() {
			c.w.Call("terminate")
		}
	}
	p.sims, p.theory, p.queue = nil, nil, nil
}
