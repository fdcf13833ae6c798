"""Lab 01's checks: they run in the grading process and decide each test cell.

Inputs are drawn (seeded) from everything each question's text allows: string and
integer labels whose string order differs from their numeric order, a single class,
items of other shapes, batch sizes that do not divide the item count, empty and
one-item loaders, several seeds and epochs, the ``meta`` device.
"""
import random

import torch

from tools.verdict.session import Fn, Lib, Name, check

NO_TORCH_DATA = {"rule": "escreva o batch e a época sem torch.utils.data (DataLoader, default_collate, "
                         "RandomSampler, BatchSampler): é justamente o que você está reescrevendo.",
                 "modules": ["torch.utils.data"]}
ID = Fn("identity")


def _labels(rng):
    """Lists of labels with repetitions: strings, multi-digit integers (string order != numeric)."""
    words = ["gato", "cão", "Ave", "zebra", "ábaco", "b", "a", "c"]
    cases = [["dog", "cat", "dog"], ["b", "a", "c", "a", "b"], ["único"] * 4, [3, 1, 2, 1], [10, 9, 100, 9, 2]]
    for n in (2, 5, 11):
        pool = rng.sample(words, min(n, len(words))) if n <= len(words) else [rng.randrange(1, 1000) for _ in range(n)]
        cases.append([rng.choice(pool) for _ in range(3 * n)] + pool)
    return cases


LABELS = _labels(random.Random(2026_01))


@check("label_map_t1", states="devolve um dicionário `rótulo → vetor one-hot float32`")
def label_map_small(t):
    for labels in LABELS[:3]:
        t.expect(t.call("make_label_map", labels), f"make_label_map({labels!r})")


@check("label_map_t2", states="Ordene os rótulos distintos com `sorted`")
def label_map_any_labels(t):
    for labels in LABELS[3:]:
        m = t.call("make_label_map", labels)
        t.expect(m, f"make_label_map({labels!r})")
        t.require(all(isinstance(v, torch.Tensor) and v.dtype == torch.float32 for v in m.values()),
                  "os vetores one-hot devem ser float32")


def _block(t, get_x, get_y, item_tfms):
    return t.new("ImageClassDataBlock", None, None, get_x, get_y, item_tfms, what="ImageClassDataBlock(...)")


@check("transform_t1", states="`self.item_tfms` é aplicado ao **par** `(x, y)`")
def transform_pair(t):
    block = _block(t, ID, ID, Fn("const", ((torch.tensor(7), torch.tensor(7)),)))
    t.expect(t.method(block, "transform", "ok", {"ok": torch.tensor([19])}), "transform com item_tfms constante")


@check("transform_t1", states="`self.item_tfms` é aplicado ao **par** `(x, y)`")
def transform_every_call(t):
    """Each call reads the item, looks its label up in the table it is given and applies item_tfms
    again (a random augmentation draws anew each time); what item_tfms returns, a tuple, comes back."""
    block = _block(t, ID, ID, Fn("record", ("tfms", Fn("pair", (ID, ID)))))
    for k, table in enumerate(({"a": torch.tensor([1])}, {"a": torch.tensor([2, 3])})):
        out = t.method(block, "transform", "a", table, keep=True, what=f"transform('a'), chamada {k + 1}")
        kind = t.call(Fn("compose", (Fn("attr", ("__class__",)), Fn("attr", ("__qualname__",)))), out, what="tipo")
        t.require(kind == "tuple", f"transform deve devolver o par (a tuple) que item_tfms devolve, não um {kind}.")
        t.expect(t.call(Fn("identity"), out, what="o par"), f"transform('a') com a tabela {k + 1}")
    t.expect(t.log("tfms"), "item_tfms chamado a cada transform, com o rótulo da tabela daquela chamada")


@check("transform_t2", states="`y` vira tensor com `label_to_tensor[y]`")
def transform_getters(t):
    for seed in range(3):
        rng = random.Random(seed)
        items = [f"item{rng.randrange(100)}" for _ in range(3)]
        xs = {i: f"x-{i}" for i in items}
        ys = {i: rng.choice(["cat", "dog", 7, 12]) for i in items}
        table = {y: torch.tensor([rng.randrange(-9, 9), rng.randrange(9)]) for y in ys.values()}
        tfm = Fn("pair", (Fn("add", ("!",)), Fn("add", (100,))))
        block = _block(t, Fn("lookup", (xs,)), Fn("lookup", (ys,)), tfm)
        for item in items:
            t.expect(t.method(block, "transform", item, table), f"transform({item!r}) com get_x/get_y próprios")
    double_y = Fn("pair", (Fn("const", (torch.tensor(14),)), Fn("mul", (2,))))
    block = _block(t, ID, ID, double_y)
    t.expect(t.method(block, "transform", "ok", {"ok": torch.tensor([19])}), "transform com y dobrado")


def _fixtures(t):
    folder = t.call(Lib("tempfile.mkdtemp"), what="pasta temporária")
    images = t.call(Lib("course_utils.data.make_fake_pets"), f"{folder}/images", per_breed=2, keep=True)
    return t.call(Lib("course_utils.data.get_image_files"), images)


def _image_tfms(t, size, as_float):
    tfms = [t.new("OnX", t.new(Lib("torchvision.transforms.v2.Resize"), size)),
            t.new("OnX", t.new(Lib("torchvision.transforms.v2.PILToTensor")))]
    if as_float:
        tfms.append(t.new("OnX", t.new(Lib("torchvision.transforms.v2.ToDtype"), torch.float32, scale=True)))
    return tfms


@check("transform_t3", states="levar **um** item do formato de \"ponteiro\" (o caminho do arquivo) até o par de tensores")
def transform_images(t):
    files = _fixtures(t)
    table = {"cat": torch.tensor([1.0, 0.0]), "dog": torch.tensor([0.0, 1.0])}
    for index, (size, as_float) in enumerate([((48, 40), False), ((16, 24), True), ((7, 33), True)]):
        block = _block(t, Name("open_image"), Lib("course_utils.data.pet_label"), _image_tfms(t, size, as_float))
        x, y = t.method(block, "transform", files[(5 * index + 3) % len(files)], table)
        t.expect(x, f"x de uma imagem redimensionada para {size}", rtol=2 / 255)
        t.expect(y, "y de uma imagem")


def _loader(t, items, transform, batch_tfms, batch_size, device="cpu", cls="SimpleDataLoader", **kw):
    return t.new(cls, items, transform, batch_tfms, batch_size, device, what=f"{cls}(...)", **kw)


def _batch(t, loader, idx):
    return t.method(loader, "get_batch_at", idx, what=f"get_batch_at({idx})", forbid=NO_TORCH_DATA)


TWICE = Fn("fanout", (ID, ID))


@check("get_batch_at_t1", states="**empilhe** os `x` em um tensor `X` e os `y` em um tensor `Y`")
def batch_scalars(t):
    rng = t.rng
    for n, bs in ((4, 4), (5, 2), (7, 3)):
        items = [torch.tensor(rng.randrange(-50, 50)) for _ in range(n)]
        loader = _loader(t, items, TWICE, ID, bs)
        t.expect(_batch(t, loader, 0), f"get_batch_at(0) com {n} itens escalares e batch {bs}")


@check("get_batch_at_t2", states="pegue os itens `self.items[idx : idx + self.batch_size]`")
def batch_slices(t):
    rng = random.Random(3)
    for shape, n, bs, idx in (((2,), 4, 2, 2), ((2, 3), 5, 3, 1), ((3, 1, 2), 9, 4, 8), ((1,), 6, 4, 5)):
        items = [torch.randn(shape, generator=torch.Generator().manual_seed(rng.randrange(99))) for _ in range(n)]
        tfm = Fn("record", ("transform", Fn("fanout", (ID, Fn("mul", (-2,))))))
        loader = _loader(t, items, tfm, ID, bs)
        t.expect(_batch(t, loader, idx), f"get_batch_at({idx}) com {n} itens {shape} e batch {bs}")
    t.expect(t.log("transform"), "itens que passaram por transform (só os do batch, uma vez cada)")


@check("get_batch_at_t3", states="aplique `self.batch_tfms` ao par `(X, Y)`")
def batch_tfms(t):
    rng = t.rng
    items = [torch.tensor([rng.randrange(30), rng.randrange(30)]) for _ in range(5)]
    add = Fn("pair", (Fn("add", (1,)), Fn("add", (2,))))
    for bs, idx in ((1, 3), (2, 4), (3, 0)):
        loader = _loader(t, items, TWICE, add, bs)
        t.expect(_batch(t, loader, idx), f"batch_tfms aplicado ao batch {idx} (batch {bs})")


@check("get_batch_at_t4", states="mova os dois para `self.device`")
def batch_device(t):
    items = [torch.tensor([i, 2 * i]) for i in range(4)]
    seen = Fn("record", ("device", ID))
    loader = _loader(t, items, TWICE, seen, 2, device=torch.device("meta"))
    t.expect(_batch(t, loader, 0), "batch no device meta")
    _batch(t, loader, 2)
    arrived = t.log("device")
    t.expect(arrived, "(X, Y) ao chegar em batch_tfms: já no device pedido")


@check("get_batch_at_t5", states="transforme cada um com `self.transform`")
def batch_images(t):
    files = _fixtures(t)
    table = {"cat": torch.tensor([1.0, 0.0]), "dog": torch.tensor([0.0, 1.0])}
    load = t.new("Pipeline", _image_tfms(t, (20, 12), False))
    item = Fn("compose", (Fn("fanout", (Name("open_image"),
                                        Fn("compose", (Lib("course_utils.data.pet_label"), Fn("lookup", (table,)))))),
                          load))
    to_float = t.new("OnX", t.new(Lib("torchvision.transforms.v2.ToDtype"), torch.float32, scale=True))
    loader = _loader(t, files, item, to_float, 5)
    for idx in (0, 5, 10):
        X, Y = _batch(t, loader, idx)
        t.expect(X, f"X do batch de imagens {idx}", rtol=2 / 255)
        t.expect(Y, f"Y do batch de imagens {idx}")


def _len(t, n, bs):
    loader = _loader(t, list(range(n)), None, None, bs)
    return t.call(Lib("builtins.len"), loader, what=f"len com {n} itens e batch {bs}")


@check("length_t1", states="o último, incompleto, também conta")
def length_small(t):
    for n, bs in ((8, 4), (10, 4), (1, 64), (0, 3), (7, 1), (20001, 10000)):  # the last: 1 item in 10000
        t.expect(_len(t, n, bs), f"len com {n} itens e batch {bs}")


@check("length_t2", states="`len(loader)` deve dar o número de batches de uma época")
def length_any(t):
    rng = t.rng
    for _ in range(6):
        n, bs = rng.randrange(0, 300), rng.randrange(1, 40)
        t.expect(_len(t, n, bs), f"len com {n} itens e batch {bs}")


def _epoch(t, loader, what, seed=0):
    return t.call(Lib("builtins.list"), loader, what=what, forbid=NO_TORCH_DATA, seed=seed)


@check("iterate_t1", states="um batch a cada passo, começando nos índices 0, `batch_size`")
def iterate_order(t):
    for items, bs in ((list(range(10)), 4), (list(range(3)), 5), ([], 5), (list("abcde"), 2), (list(range(13)), 13)):
        loader = _loader(t, items, None, None, bs, cls="ItemsLoader")
        t.expect(_epoch(t, loader, f"uma época de {len(items)} itens, batch {bs}"), "batches sem embaralhar")
        t.expect(_epoch(t, loader, "a segunda época"), "segunda época sem embaralhar")
    loader = _loader(t, list(range(10)), None, None, 3, cls="ItemsLoader")
    t.setattr(loader, "get_batch_at", Fn("record", ("asked", Fn("lookup", ({0: [0, 1, 2]},)))))
    gen = t.call(Lib("builtins.iter"), loader, keep=True, what="iter(loader)")
    t.expect(t.call(Lib("builtins.next"), gen, what="next(iter(loader))", forbid=NO_TORCH_DATA), "primeiro batch")
    t.expect(t.log("asked"), "get_batch_at chamados após um next() (um gerador monta cada batch quando pedido)")


@check("iterate_t2", states="embaralhe a ordem dos itens **a cada época** com `torch.randperm(n, generator=self.generator)`")
def iterate_shuffle(t):
    for n, bs, seed in ((20, 6, 0), (50, 7, 3), (9, 2, 11), (31, 31, 5)):
        loader = _loader(t, list(range(n)), None, None, bs, cls="ItemsLoader", shuffle=True, seed=seed)
        epochs = [_epoch(t, loader, f"época {e + 1} embaralhada", seed=100 + e) for e in range(3)]
        for e, batches in enumerate(epochs):
            order = [i for b in batches for i in b]
            t.require(sorted(order) == list(range(n)), f"época {e + 1}: cada item deve aparecer uma vez por época")
            t.expect(batches, f"época {e + 1} com {n} itens, batch {bs} e semente {seed} "
                              "(a ordem vem de torch.randperm com self.generator, a cada época)")
