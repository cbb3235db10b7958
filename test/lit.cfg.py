# lit configuration of copyintent. Substitutions:
#   %opt-ci          opt with the plugin loaded
#   %llc, %clang     LLVM 22's llc and clang (never the LLVM 14 ones on PATH)
#   %cc-ci           clang 22 with the plugin as -fpass-plugin and include/ on the path
#   %runtime-a       build/lib/libcopyintent.a (native)
#   %runtime-srcs    the runtime's sources, for cross builds
#   %model-rt        the recording runtime of the model emitter (test/model/recorder.c)
#   %cross-<arch>    clang 22 for aarch64 / ppc64le / riscv64, static, lld
#   run-i386         (feature) -m32 programs link and run natively (gcc-multilib)
#   %run-<arch>      qemu-user for that arch (REQUIRES: run-<arch>)
#   %copyintent      the whole-tree command (tools/copyintent)
#   %tidy-plugin     the clang-tidy module (build/lib/CopyIntentTidy.so)
#   %build-dir, %src-dir  this build tree and source tree (installation tests)
#   %make-tree       copies test/tool/Inputs/tree to a directory, with its compile
#                    database: %make-tree <dir>
#   mount-namespace  (feature) unshare -m works (read-only bind mounts as root)
#   %sarif-validate  the SARIF Multitool's validate, failing on any error or warning
#                    (scripts/setup.sh installs the tool from the npm registry)
import os
import platform
import shutil
import sys

import lit.formats


def configure():
    config.name = "copyintent"
    config.test_format = lit.formats.ShTest(execute_external=False)
    config.suffixes = [".ll", ".c", ".cpp", ".test"]
    config.excludes = ["Inputs", "CMakeLists.txt", "lit.cfg.py", "lit.site.cfg.py", "slow"]
    config.test_source_root = os.path.dirname(__file__)
    config.test_exec_root = os.path.join(config.copyintent_obj_root, "test")

    # LLVM 22's tools first: the unsuffixed clang / opt / FileCheck may be LLVM 14.
    config.environment["PATH"] = os.pathsep.join(
        [config.llvm_tools_dir, config.environment.get("PATH", os.environ.get("PATH", ""))]
    )
    # Environment overrides of the runtime must not leak in from the caller.
    for var in list(os.environ):
        if var.startswith("COPYINTENT_"):
            config.environment.pop(var, None)

    tools = config.llvm_tools_dir
    src = config.copyintent_src_root
    include = os.path.join(src, "include")
    plugin = config.copyintent_plugin

    # clang-tidy with our module, through our check_clang_tidy equivalent.
    tidy = f"{tools}/clang-tidy"
    tidy_plugin = config.copyintent_tidy_plugin
    config.substitutions.append(
        (
            "%check_clang_tidy",
            f"{sys.executable} {src}/scripts/check_clang_tidy.py --clang-tidy {tidy} --load {tidy_plugin}",
        )
    )
    config.substitutions.append(("%clang_tidy", f"{tidy} --load={tidy_plugin}"))
    config.substitutions.append(("%tidy-plugin", tidy_plugin))
    config.substitutions.append(("%python", sys.executable))
    config.substitutions.append(("%opt-ci", f"{tools}/opt -load-pass-plugin={plugin}"))
    config.substitutions.append(("%cc-ci", f"{tools}/clang -I{include} -fpass-plugin={plugin}"))
    config.substitutions.append(("%llc", f"{tools}/llc"))
    config.substitutions.append(("%runtime-a", config.copyintent_runtime_a))
    config.substitutions.append(("%runtime-srcs", " ".join(config.copyintent_runtime_sources)))
    config.substitutions.append(("%model-rt", os.path.join(src, "test", "model", "recorder.c")))
    config.substitutions.append(("%plugin", plugin))
    config.substitutions.append(("%copyintent", config.copyintent_tool))
    config.substitutions.append(("%build-dir", config.copyintent_obj_root))
    config.substitutions.append(("%src-dir", src))
    config.substitutions.append(
        ("%make-tree", f"sh {src}/test/tool/Inputs/make-tree.sh {include}")
    )
    config.substitutions.append(
        ("%sarif-validate", f"{sys.executable} {src}/scripts/sarif_validate.py")
    )
    config.substitutions.append(("%include", include))
    config.substitutions.append(("%clang", f"{tools}/clang -I{include}"))

    # Cross targets: (lit name, clang triple, Debian sysroot, qemu, qemu CPU). The CPUs are
    # ones Debian's QEMU 7.2 executes our older encodings on (see build-notes.md).
    cross = [
        ("aarch64", "aarch64-linux-gnu", "/usr/aarch64-linux-gnu", "qemu-aarch64", "cortex-a57"),
        ("ppc64le", "powerpc64le-linux-gnu", "/usr/powerpc64le-linux-gnu", "qemu-ppc64le", "power9"),
        ("riscv64", "riscv64-linux-gnu", "/usr/riscv64-linux-gnu", "qemu-riscv64", "rv64"),
    ]
    for name, triple, sysroot, qemu, cpu in cross:
        cc = f"{tools}/clang --target={triple} -static -fuse-ld=lld -I{include}"
        config.substitutions.append((f"%cross-{name}", cc))
        qemu_path = shutil.which(qemu)
        has_libc = os.path.exists(os.path.join(sysroot, "lib", "libc.a"))
        if qemu_path and has_libc:
            config.available_features.add(f"run-{name}")
            config.substitutions.append((f"%run-{name}", f"{qemu_path} -cpu {cpu}"))
        else:
            config.substitutions.append((f"%run-{name}", f"false no-{qemu}"))

    if platform.machine() == "x86_64":
        config.available_features.add("native-x86_64")
        # 32-bit x86 programs run natively with Debian's multilib packages.
        if os.path.exists("/usr/lib32/libc.a") and os.path.exists("/usr/include/asm"):
            config.available_features.add("run-i386")
        try:
            flags = open("/proc/cpuinfo").read().split("flags")[1].split("\n")[0].split()
        except (OSError, IndexError):
            flags = []
        for f in ["clwb", "clflushopt", "avx2", "avx512f"]:
            if f in flags:
                config.available_features.add(f"cpu-{f}")

    # A private mount namespace (a read-only bind mount for root's tests).
    import subprocess
    try:
        if subprocess.run(["unshare", "-m", "true"], capture_output=True).returncode == 0:
            config.available_features.add("mount-namespace")
    except OSError:
        pass

    # libFuzzer comes with libclang-rt-22-dev.
    if any(
        os.path.exists(os.path.join(d, "libclang_rt.fuzzer-x86_64.a"))
        for d in [
            "/usr/lib/llvm-22/lib/clang/22/lib/linux",
            "/usr/lib/llvm-22/lib/clang/22/lib/x86_64-pc-linux-gnu",
        ]
    ):
        config.available_features.add("libfuzzer")


if hasattr(config, "copyintent_obj_root"):
    configure()
else:
    # lit was pointed at the source tree: load the build's site config, which loads
    # this file again with the paths set.
    build = os.environ.get(
        "COPYINTENT_BUILD_DIR", os.path.join(os.path.dirname(os.path.dirname(__file__)), "build")
    )
    lit_config.load_config(config, os.path.join(build, "test", "lit.site.cfg.py"))
