// Package atomicfile writes files so that a reader never sees half of one:
// the data goes to a temporary file in the same directory, which is synced,
// given its mode and renamed (or linked) into place.
package atomicfile
