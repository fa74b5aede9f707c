// Package emutest is test support for running bapi against pkg/emulator:
// an emulator on httptest with a real, signed amplifybackend client
// (Serve, Client, Start), and a built bapi binary running `bapi emulator`
// as a subprocess (BuildBapi, StartEmulatorProcess, ProcessEnv, Metrics).
//
// Import it from _test.go files only: it calls testing.TB and is no part of
// any command. pkg/emulator's own in-package tests cannot use it (this
// package imports pkg/emulator, so that would be an import cycle).
package emutest
