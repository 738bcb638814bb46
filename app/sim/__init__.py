"""Device simulators: physics, register images and Modbus servers on loopback or a pty."""
