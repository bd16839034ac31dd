// A report's CSV can take a while: a download link marked data-progress-download shows that it is being prepared
// (aria-busy, a spinner and a spoken status) until the file is saved. If the fetch fails, the browser opens the link itself.
document.addEventListener("click", async event => {
    const link = event.target instanceof Element ? event.target.closest("a[data-progress-download]") : null;
    if (!link || event.button !== 0 || event.ctrlKey || event.metaKey || event.shiftKey || event.altKey) return;
    event.preventDefault();
    if (link.getAttribute("aria-busy") === "true") return;
    const status = link.parentElement?.querySelector(".download-status");
    link.setAttribute("aria-busy", "true");
    if (status) status.textContent = link.dataset.progressDownload;
    try {
        const response = await fetch(link.href, { credentials: "same-origin" });
        if (!response.ok) throw new Error(`HTTP ${response.status}`);
        const file = URL.createObjectURL(await response.blob());
        const save = document.createElement("a");
        save.href = file;
        save.download = fileName(response) ?? link.getAttribute("download") ?? "download.csv";
        document.body.append(save);
        save.click();
        save.remove();
        setTimeout(() => URL.revokeObjectURL(file), 60_000);
    } catch {
        location.assign(link.href);
    } finally {
        link.removeAttribute("aria-busy");
        if (status) status.textContent = "";
    }
}, true);

function fileName(response) {
    const disposition = response.headers.get("Content-Disposition") ?? "";
    const encoded = /filename\*=UTF-8''([^;]+)/i.exec(disposition);
    if (encoded) return decodeURIComponent(encoded[1]);
    const plain = /filename="?([^";]+)"?/i.exec(disposition);
    return plain ? plain[1] : null;
}
