// esxsim: one simulated ESXi host for Sitekit's acceptance tests, shaped from a JSON description.
//
// Debian ships VMware's Go SDK (golang-github-vmware-govmomi-dev) with its vSphere API simulator as a library
// but without the vcsim command, so Sitekit carries this small program (its own code). It starts govmomi's
// standalone ESXi model (simulator.ESX()) on a loopback port with a fresh self-signed certificate, after
// shaping the host from the JSON file named on the command line: product version and build, host and domain
// name, vmk0, physical NICs (a NIC without link has no linkSpeed, as ESXi reports it), vSwitches with
// uplinks, port groups with VLANs, DNS, NTP servers and the ntpd service, VMs with their power state, the
// login, and lockdown mode (a host in lockdown refuses the direct login even with the right password).
//
// Built offline in GOPATH mode against Debian's source tree (test/helpers/esxsim.ts does it, cached):
//
//	GO111MODULE=off GOPATH=/usr/share/gocode GOPROXY=off GOFLAGS= go build -trimpath -o BIN .
//
// When listening it prints one JSON line on stdout: {"url","port","thumbprint"} (thumbprint: SHA-256 of the
// certificate, colon-separated upper-case hex, as the host client shows it), then serves until stdin closes
// or it gets SIGTERM/SIGINT.
//
// Modes other than "esx" stand in for servers that are not an ESXi host: "vcenter" (govmomi's vCenter model),
// "web" (an HTTPS server whose /sdk is an HTML page, like a router's admin page) and "malformed" (answers
// /sdk with XML that breaks off).
package main

import (
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/sha256"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"io/ioutil"
	"math/big"
	"net"
	"net/http"
	"net/url"
	"os"
	"os/signal"
	"strings"
	"syscall"
	"time"

	"github.com/vmware/govmomi"
	"github.com/vmware/govmomi/find"
	"github.com/vmware/govmomi/object"
	"github.com/vmware/govmomi/simulator"
	"github.com/vmware/govmomi/simulator/esx"
	"github.com/vmware/govmomi/vim25/types"
)

// Shape is the JSON description of one host. Absent fields keep the simulator's defaults.
type Shape struct {
	Mode       string `json:"mode"`
	Listen     string `json:"listen"`
	User       string `json:"user"`
	Password   string `json:"password"`
	Version    string `json:"version"`
	Build      string `json:"build"`
	APIVersion string `json:"apiVersion"`
	HostName   string `json:"hostName"`
	DomainName string `json:"domainName"`
	Vmk0       *struct {
		IP        string `json:"ip"`
		Netmask   string `json:"netmask"`
		Portgroup string `json:"portgroup"`
	} `json:"vmk0"`
	Nics []struct {
		Device  string `json:"device"`
		Driver  string `json:"driver"`
		Mac     string `json:"mac"`
		SpeedMb int32  `json:"speedMb"`
	} `json:"nics"`
	Vswitches []struct {
		Name    string   `json:"name"`
		Uplinks []string `json:"uplinks"`
		Mtu     int32    `json:"mtu"`
	} `json:"vswitches"`
	Portgroups []struct {
		Name    string `json:"name"`
		Vlan    int32  `json:"vlan"`
		Vswitch string `json:"vswitch"`
	} `json:"portgroups"`
	DNS *struct {
		Servers       []string `json:"servers"`
		SearchDomains []string `json:"searchDomains"`
	} `json:"dns"`
	NTP *struct {
		Servers []string `json:"servers"`
		Running bool     `json:"running"`
	} `json:"ntp"`
	Vms []struct {
		Name       string `json:"name"`
		PowerState string `json:"powerState"`
	} `json:"vms"`
	Lockdown string `json:"lockdown"`
}

func fail(format string, args ...interface{}) {
	fmt.Fprintf(os.Stderr, "esxsim: "+format+"\n", args...)
	os.Exit(1)
}

// selfSigned makes a fresh ECDSA certificate for this run, as an installed host has its own.
func selfSigned(name string) (tls.Certificate, string) {
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		fail("key: %v", err)
	}
	serial, _ := rand.Int(rand.Reader, big.NewInt(1<<62))
	tmpl := x509.Certificate{
		SerialNumber: serial,
		Subject:      pkix.Name{CommonName: name, Organization: []string{"esxsim (Sitekit tests)"}},
		NotBefore:    time.Now().Add(-time.Hour),
		NotAfter:     time.Now().Add(24 * time.Hour),
		KeyUsage:     x509.KeyUsageDigitalSignature | x509.KeyUsageKeyEncipherment,
		ExtKeyUsage:  []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
		IPAddresses:  []net.IP{net.ParseIP("127.0.0.1")},
		DNSNames:     []string{name, "localhost"},
	}
	der, err := x509.CreateCertificate(rand.Reader, &tmpl, &tmpl, &key.PublicKey, key)
	if err != nil {
		fail("certificate: %v", err)
	}
	sum := sha256.Sum256(der)
	hexed := strings.ToUpper(hex.EncodeToString(sum[:]))
	pairs := make([]string, 0, len(sum))
	for i := 0; i < len(hexed); i += 2 {
		pairs = append(pairs, hexed[i:i+2])
	}
	return tls.Certificate{Certificate: [][]byte{der}, PrivateKey: key}, strings.Join(pairs, ":")
}

func policy() types.HostNetworkPolicy {
	f := false
	return types.HostNetworkPolicy{Security: &types.HostNetworkSecurityPolicy{AllowPromiscuous: &f, MacChanges: &f, ForgedTransmits: &f}}
}

// shapeHost rewrites govmomi's ESXi template before the model is created from it.
func shapeHost(s *Shape) {
	cfg := &esx.HostConfigInfo
	about := []*types.AboutInfo{&cfg.Product, &esx.ServiceContent.About}
	for _, a := range about {
		if s.Version != "" {
			a.Version = s.Version
		}
		if s.Build != "" {
			a.Build = s.Build
		}
		if s.APIVersion != "" {
			a.ApiVersion = s.APIVersion
		}
		a.FullName = fmt.Sprintf("VMware ESXi %s build-%s", a.Version, a.Build)
	}
	net := cfg.Network
	if s.HostName != "" {
		net.DnsConfig.GetHostDnsConfig().HostName = s.HostName
	}
	if s.DomainName != "" {
		net.DnsConfig.GetHostDnsConfig().DomainName = s.DomainName
	}
	if s.DNS != nil {
		d := net.DnsConfig.GetHostDnsConfig()
		d.Dhcp = false
		d.Address = s.DNS.Servers
		d.SearchDomain = s.DNS.SearchDomains
	}
	if s.Vmk0 != nil {
		v := &net.Vnic[0]
		v.Spec.Ip.Dhcp = false
		v.Spec.Ip.IpAddress = s.Vmk0.IP
		v.Spec.Ip.SubnetMask = s.Vmk0.Netmask
		if s.Vmk0.Portgroup != "" {
			v.Portgroup = s.Vmk0.Portgroup
			v.Spec.Portgroup = s.Vmk0.Portgroup
		}
	}
	if s.Nics != nil {
		pnics := make([]types.PhysicalNic, 0, len(s.Nics))
		for i, n := range s.Nics {
			p := types.PhysicalNic{
				Key:    "key-vim.host.PhysicalNic-" + n.Device,
				Device: n.Device,
				Pci:    fmt.Sprintf("0000:%02x:00.0", i+1),
				Driver: n.Driver,
				Mac:    n.Mac,
				Spec:   types.PhysicalNicSpec{Ip: &types.HostIpConfig{}},
			}
			if strings.HasPrefix(n.Device, "vusb") {
				p.Pci = ""
			}
			// ESXi leaves linkSpeed out when the link is down.
			if n.SpeedMb > 0 {
				p.LinkSpeed = &types.PhysicalNicLinkInfo{SpeedMb: n.SpeedMb, Duplex: true}
			}
			pnics = append(pnics, p)
		}
		net.Pnic = pnics
	}
	if s.Vswitches != nil {
		switches := make([]types.HostVirtualSwitch, 0, len(s.Vswitches))
		for _, sw := range s.Vswitches {
			keys := make([]string, 0, len(sw.Uplinks))
			for _, u := range sw.Uplinks {
				keys = append(keys, "key-vim.host.PhysicalNic-"+u)
			}
			mtu := sw.Mtu
			if mtu == 0 {
				mtu = 1500
			}
			var pgs []string
			for _, pg := range s.Portgroups {
				if pg.Vswitch == sw.Name {
					pgs = append(pgs, "key-vim.host.PortGroup-"+pg.Name)
				}
			}
			switches = append(switches, types.HostVirtualSwitch{
				Name:              sw.Name,
				Key:               "key-vim.host.VirtualSwitch-" + sw.Name,
				NumPorts:          1024,
				NumPortsAvailable: 1000,
				Mtu:               mtu,
				Portgroup:         pgs,
				Pnic:              keys,
				Spec: types.HostVirtualSwitchSpec{
					NumPorts: 1024,
					Bridge:   &types.HostVirtualSwitchBondBridge{NicDevice: sw.Uplinks},
					Policy:   &types.HostNetworkPolicy{},
					Mtu:      mtu,
				},
			})
		}
		net.Vswitch = switches
	}
	if s.Portgroups != nil {
		pgs := make([]types.HostPortGroup, 0, len(s.Portgroups))
		for _, pg := range s.Portgroups {
			pgs = append(pgs, types.HostPortGroup{
				Key:            "key-vim.host.PortGroup-" + pg.Name,
				Vswitch:        "key-vim.host.VirtualSwitch-" + pg.Vswitch,
				ComputedPolicy: policy(),
				Spec:           types.HostPortGroupSpec{Name: pg.Name, VlanId: pg.Vlan, VswitchName: pg.Vswitch, Policy: types.HostNetworkPolicy{}},
			})
		}
		net.Portgroup = pgs
	}
	if s.NTP != nil {
		cfg.DateTimeInfo = &types.HostDateTimeInfo{
			TimeZone:  types.HostDateTimeSystemTimeZone{Key: "UTC", Name: "UTC", Description: "UTC", GmtOffset: 0},
			NtpConfig: &types.HostNtpConfig{Server: s.NTP.Servers},
		}
		for i := range cfg.Service.Service {
			if cfg.Service.Service[i].Key == "ntpd" {
				cfg.Service.Service[i].Running = s.NTP.Running
				if s.NTP.Running {
					cfg.Service.Service[i].Policy = "on"
				}
			}
		}
	}
	if s.Lockdown != "" {
		cfg.LockdownMode = types.HostLockdownMode(s.Lockdown)
	}
}

// addVms creates the described VMs through the API (as the model does) and sets their power state.
func addVms(ctx context.Context, u *url.URL, s *Shape) {
	c, err := govmomi.NewClient(ctx, u, true)
	if err != nil {
		fail("connect to itself: %v", err)
	}
	defer func() { _ = c.Logout(ctx) }()
	finder := find.NewFinder(c.Client, true)
	dc, err := finder.DefaultDatacenter(ctx)
	if err != nil {
		fail("datacenter: %v", err)
	}
	finder.SetDatacenter(dc)
	folders, err := dc.Folders(ctx)
	if err != nil {
		fail("folders: %v", err)
	}
	host, err := finder.DefaultHostSystem(ctx)
	if err != nil {
		fail("host: %v", err)
	}
	pool, err := host.ResourcePool(ctx)
	if err != nil {
		fail("resource pool: %v", err)
	}
	for _, v := range s.Vms {
		spec := types.VirtualMachineConfigSpec{Name: v.Name, GuestId: string(types.VirtualMachineGuestOsIdentifierOtherGuest), Files: &types.VirtualMachineFileInfo{VmPathName: "[LocalDS_0]"}}
		task, err := folders.VmFolder.CreateVM(ctx, spec, pool, host)
		if err != nil {
			fail("create VM %s: %v", v.Name, err)
		}
		info, err := task.WaitForResult(ctx, nil)
		if err != nil {
			fail("create VM %s: %v", v.Name, err)
		}
		if v.PowerState == "poweredOn" {
			vm := object.NewVirtualMachine(c.Client, info.Result.(types.ManagedObjectReference))
			on, err := vm.PowerOn(ctx)
			if err == nil {
				err = on.Wait(ctx)
			}
			if err != nil {
				fail("power on VM %s: %v", v.Name, err)
			}
		}
	}
}

func announce(u string, port int, thumbprint string) {
	line, _ := json.Marshal(map[string]interface{}{"url": u, "port": port, "thumbprint": thumbprint})
	fmt.Println(string(line))
}

// waitForEnd returns when stdin closes (the test process went away) or a signal arrives.
func waitForEnd() {
	done := make(chan struct{}, 2)
	go func() {
		_, _ = io.Copy(ioutil.Discard, os.Stdin)
		done <- struct{}{}
	}()
	sig := make(chan os.Signal, 1)
	signal.Notify(sig, syscall.SIGTERM, syscall.SIGINT)
	select {
	case <-done:
	case <-sig:
	}
}

// serveOther runs the non-ESXi stand-ins on a TLS listener with their own certificate.
func serveOther(s *Shape, cert tls.Certificate, thumbprint string) {
	ln, err := tls.Listen("tcp", s.Listen, &tls.Config{Certificates: []tls.Certificate{cert}})
	if err != nil {
		fail("listen: %v", err)
	}
	mux := http.NewServeMux()
	mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		if s.Mode == "malformed" {
			w.Header().Set("Content-Type", "text/xml; charset=utf-8")
			_, _ = io.WriteString(w, `<?xml version="1.0" encoding="UTF-8"?><soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/"><soapenv:Body><RetrieveServiceContentResponse xmlns="urn:vim25"><returnval><rootFolder type="Folder">ha-folder-root</rootFolder><about><name>VMware ESXi</`)
			return
		}
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.WriteHeader(http.StatusNotFound)
		_, _ = io.WriteString(w, "<!doctype html><html><head><title>Router admin</title></head><body><h1>Not Found</h1></body></html>")
	})
	go func() { _ = http.Serve(ln, mux) }()
	port := ln.Addr().(*net.TCPAddr).Port
	announce(fmt.Sprintf("https://127.0.0.1:%d/sdk", port), port, thumbprint)
	waitForEnd()
}

func main() {
	if len(os.Args) != 2 {
		fail("usage: esxsim SHAPE.json")
	}
	raw, err := ioutil.ReadFile(os.Args[1])
	if err != nil {
		fail("read %s: %v", os.Args[1], err)
	}
	var s Shape
	if err := json.Unmarshal(raw, &s); err != nil {
		fail("parse %s: %v", os.Args[1], err)
	}
	if s.Listen == "" {
		s.Listen = "127.0.0.1:0"
	}
	if s.User == "" {
		s.User = "root"
	}
	name := s.HostName
	if name == "" {
		name = "localhost"
	}
	cert, thumbprint := selfSigned(name)
	if s.Mode == "web" || s.Mode == "malformed" {
		serveOther(&s, cert, thumbprint)
		return
	}

	var m *simulator.Model
	if s.Mode == "vcenter" {
		m = simulator.VPX()
		m.Machine = 0
	} else {
		shapeHost(&s)
		m = simulator.ESX()
		m.Machine = 0
		m.Autostart = false
	}
	if err := m.Create(); err != nil {
		fail("create model: %v", err)
	}
	defer m.Remove()
	password := s.Password
	m.Service.Listen = &url.URL{Host: s.Listen, User: url.UserPassword(s.User, password)}
	m.Service.TLS = &tls.Config{Certificates: []tls.Certificate{cert}}
	srv := m.Service.NewServer()
	defer srv.Close()
	if len(s.Vms) > 0 {
		addVms(context.Background(), srv.URL, &s)
	}
	if s.Lockdown != "" && s.Lockdown != "lockdownDisabled" {
		// In lockdown, ESXi refuses direct logins even with the right password (exception users aside).
		locked := make([]byte, 24)
		_, _ = rand.Read(locked)
		m.Service.Listen.User = url.UserPassword(s.User, hex.EncodeToString(locked))
	}
	port := srv.Listener.Addr().(*net.TCPAddr).Port
	announce(fmt.Sprintf("https://127.0.0.1:%d/sdk", port), port, thumbprint)
	waitForEnd()
}
