# %% [markdown]
# # Lab 01 — Pipelines de dados do zero: `DataBlock` e `DataLoader`
#
# Todo treinamento começa muito antes do modelo: é preciso **encontrar** os itens (arquivos),
# **separar** treino e validação, **transformar** cada item em tensores e **agrupar** os
# tensores em batches no dispositivo certo. Bibliotecas como a fastai escondem isso atrás de
# três linhas:
#
# ```python
# dados = DataBlock(blocks=(ImageBlock, CategoryBlock), get_items=get_image_files,
#                   splitter=RandomSplitter(valid_pct=0.2, seed=42), get_y=...,
#                   item_tfms=Resize(128), batch_tfms=...).dataloaders(pasta)
# ```
#
# Neste lab você vai escrever uma versão simplificada dessas peças, para entender o que elas
# fazem por baixo dos panos. Em produção, use as da biblioteca.
#
# **Como entregar.** Preencha as células marcadas com `# SEU CÓDIGO AQUI`, rode as células de
# teste logo abaixo de cada uma e, antes de enviar, reinicie o kernel e execute tudo em ordem
# (*Ambiente de execução → Reiniciar e executar tudo*). **Não apague nem copie células**: elas
# carregam metadados que a correção automática usa. A correção roda testes extras, ocultos,
# além dos que você vê.
#
# **Pontuação (10 pontos):** mapa de rótulos (1,5) · `transform` (2,5) · `get_batch_at` (3) ·
# `__len__` (1) · `__iter__` (2).

# %%
import math
import time

import torch
from torchvision.transforms import v2

import course_utils
from course_utils.checks import check_close, check_device, check_dtype, check_equal, check_shape
from course_utils.data import fake_pet_color, get_image_files, make_fake_pets, pet_label, pets_images
from course_utils.plots import plot_bars, show_batch

course_utils.quiet_notebook()
course_utils.set_seed(42)
device = course_utils.get_device()
print("device:", device, "| modo smoke:", course_utils.is_smoke())

# %% [markdown]
# ## Os dados: Oxford-IIIT Pet, gatos contra cachorros
#
# O conjunto [Oxford-IIIT Pet](https://www.robots.ox.ac.uk/~vgg/data/pets/) tem cerca de 7.400
# fotos de 37 raças. O rótulo está no **nome do arquivo**: raças de gato começam com letra
# maiúscula (`Persian_12.jpg`) e de cachorro com minúscula (`pug_3.jpg`). No Colab o download
# (~800 MB) acontece uma vez só; em modo *smoke* (testes e correção) usamos um conjunto
# minúsculo gerado no mesmo formato, com imagens de uma cor só.

# %%
images_dir = pets_images()
all_files = get_image_files(images_dir)
print(f"{len(all_files)} imagens em {images_dir}")
print("exemplos:", [p.name for p in all_files[:3]], "->", [pet_label(p) for p in all_files[:3]])

# %% [markdown]
# ## As peças de um `DataBlock`
#
# Um `DataBlock` é uma *receita*: ele não guarda dados, guarda **funções** que dizem como
# obtê-los e transformá-los.
#
# | peça | recebe | devolve |
# |---|---|---|
# | `get_items` | um "ponteiro" para os dados (uma pasta) | a lista de itens (caminhos) |
# | `splitter` | a lista de itens | índices de treino e de validação |
# | `get_x` | um item | a entrada bruta (uma imagem PIL) |
# | `get_y` | um item | o rótulo bruto (`"cat"`/`"dog"`) |
# | `item_tfms` | o **par** `(x, y)` de um item | o par transformado (ex.: redimensionado, em tensor) |
# | `batch_tfms` | o **par** `(X, Y)` de um batch já no device | o par transformado (ex.: float, normalizado) |
#
# As transformações recebem o **par** porque algumas precisam mexer em `x` e `y` juntos (pense em
# recortar uma imagem e suas caixas delimitadoras). Para aplicar uma função só em `x`, usamos o
# pequeno adaptador `OnX` abaixo, e `Pipeline` compõe várias funções em sequência.

# %%
class Pipeline:
    """Aplica as funções em sequência; None ou lista vazia = identidade."""

    def __init__(self, funcs=None):
        if funcs is None:
            funcs = []
        self.funcs = list(funcs) if isinstance(funcs, (list, tuple)) else [funcs]

    def __call__(self, value):
        for f in self.funcs:
            value = f(value)
        return value

    def __repr__(self):
        return f"Pipeline({self.funcs})"


class OnX:
    """Aplica `func` apenas ao primeiro elemento de um par (x, y)."""

    def __init__(self, func):
        self.func = func

    def __call__(self, pair):
        x, y = pair
        return self.func(x), y

    def __repr__(self):
        return f"OnX({self.func})"


def random_splitter(valid_pct=0.2, seed=None):
    """Devolve uma função que sorteia índices de treino e de validação."""
    def split(items):
        generator = torch.Generator().manual_seed(seed) if seed is not None else None
        order = torch.randperm(len(items), generator=generator).tolist()
        n_valid = int(valid_pct * len(items))
        return order[n_valid:], order[:n_valid]
    return split


def open_image(path):
    """Abre a imagem como PIL em RGB (algumas fotos do Pets são RGBA ou tons de cinza)."""
    from PIL import Image
    with Image.open(path) as img:
        return img.convert("RGB")


class ImageClassDataBlock:
    def __init__(self, get_items, splitter, get_x, get_y, item_tfms=None, batch_tfms=None):
        self.get_items = get_items
        self.splitter = splitter
        self.get_x = get_x
        self.get_y = get_y
        self.item_tfms = Pipeline(item_tfms)
        self.batch_tfms = Pipeline(batch_tfms)

# %% [markdown]
# Veja cada peça funcionando sozinha:

# %%
split = random_splitter(valid_pct=0.25, seed=0)
train_idx, valid_idx = split(list("abcdefgh"))
print("treino:", train_idx, "| validação:", valid_idx)

first = all_files[0]
img = open_image(first)
print(type(img).__name__, img.size, "rótulo:", pet_label(first))
item_tfms = [OnX(v2.Resize((64, 64))), OnX(v2.PILToTensor())]
x0, y0 = Pipeline(item_tfms)((img, "rótulo qualquer"))
print("x:", x0.shape, x0.dtype, "| y:", y0)

# %% [markdown]
# ## Questão 1 — o mapa de rótulos (1,5 ponto)
#
# A rede não entende `"cat"`: precisamos de tensores. Para classificação com classes mutuamente
# exclusivas usamos o **one-hot**: um vetor com 1 na posição da classe e 0 nas outras. Ele pode
# ser lido como uma distribuição de probabilidade que põe 100% na classe anotada.
#
# Implemente `make_label_map(labels)`: recebe uma lista de rótulos (com repetições) e devolve um
# dicionário `rótulo → vetor one-hot float32`. Ordene os rótulos distintos com `sorted`, para que
# o mapa não dependa da ordem dos arquivos. Dica: `torch.eye`.

# %% answer label_map

# %% [markdown]
# Testes, do caso mais simples ao mais realista:

# %% test label_map 0.5
m = make_label_map(["dog", "cat", "dog"])
check_equal(sorted(m), ["cat", "dog"], "chaves do mapa")
check_equal(m["cat"], torch.tensor([1.0, 0.0]), "m['cat']")
check_equal(m["dog"], torch.tensor([0.0, 1.0]), "m['dog']")
### BEGIN HIDDEN TESTS
m = make_label_map(["b", "a", "c", "a", "b"])
check_equal(list(sorted(m)), ["a", "b", "c"], "chaves do mapa (3 classes)")
check_equal(m["c"], torch.tensor([0.0, 0.0, 1.0]), "m['c']")
### END HIDDEN TESTS

# %% test label_map 1
m = make_label_map([pet_label(p) for p in all_files])
check_equal(len(m), 2, "número de classes")
check_dtype(m["cat"], torch.float32, "m['cat']", hint="use float32, o tipo que a loss espera.")
### BEGIN HIDDEN TESTS
m = make_label_map([3, 1, 2, 1])
check_equal(m[1], torch.tensor([1.0, 0.0, 0.0]), "m[1] (rótulos inteiros)")
check_equal(m[3], torch.tensor([0.0, 0.0, 1.0]), "m[3] (rótulos inteiros)")
check_dtype(m[2], torch.float32, "m[2]")
m = make_label_map(["único"] * 4)
check_equal(m["único"], torch.tensor([1.0]), "uma única classe")
### END HIDDEN TESTS

# %% [markdown]
# ## Questão 2 — transformar um item (2,5 pontos)
#
# Agora o coração do `DataBlock`: levar **um** item do formato de "ponteiro" (o caminho do
# arquivo) até o par de tensores `(x, y)` que o modelo consome:
#
# 1. `x = self.get_x(item)` e `y = self.get_y(item)`;
# 2. `y` vira tensor com `label_to_tensor[y]`;
# 3. `self.item_tfms` é aplicado ao **par** `(x, y)`, e o resultado é devolvido.
#
# O método é escrito fora da classe e depois "pendurado" nela (`ImageClassDataBlock.transform = transform`).

# %% answer transform

# %% [markdown]
# Primeiro teste: funções triviais. `noop` devolve o que recebe; `seven` ignora a entrada e
# devolve sempre o mesmo tensor. Como `item_tfms` recebe o par inteiro, o resultado final é
# `seven((x, y))`, para x e para y.

# %% test transform 0.5
noop = lambda value: value
seven = lambda pair: (torch.tensor(7), torch.tensor(7))
block = ImageClassDataBlock(None, None, noop, noop, seven)
x, y = block.transform("ok", {"ok": torch.tensor([19])})
check_equal(x, torch.tensor(7), "x")
check_equal(y, torch.tensor(7), "y")

# %% [markdown]
# Segundo teste: uma transformação que mexe de modo diferente em x e em y. Se o `y` não passou
# pelo mapa de rótulos antes de `item_tfms`, `y * 2` não dá o tensor esperado.

# %% test transform 1
double_y = lambda pair: (torch.tensor(14), pair[1] * 2)
block = ImageClassDataBlock(None, None, noop, noop, double_y)
x, y = block.transform("ok", {"ok": torch.tensor([19])})
check_equal(x, torch.tensor(14), "x")
check_equal(y, torch.tensor([38]), "y", hint="y deve passar por label_to_tensor antes de item_tfms.")
### BEGIN HIDDEN TESTS
get_x = lambda item: item.upper()
get_y = lambda item: item[-1]
both = lambda pair: (pair[0] + "!", pair[1] + 100)
block = ImageClassDataBlock(None, None, get_x, get_y, both)
x, y = block.transform("ab", {"b": torch.tensor([1, 2]), "a": torch.tensor([3, 4])})
check_equal(x, "AB!", "x (get_x aplicado ao item)")
check_equal(y, torch.tensor([101, 102]), "y (get_y aplicado ao item)")
### END HIDDEN TESTS

# %% [markdown]
# Terceiro teste: uma imagem de verdade, lida do disco, redimensionada e convertida em tensor.
# Geramos uma pasta pequena de teste; cada imagem tem uma cor só, conhecida, e o JPEG pode
# arredondar cada canal em até 2 níveis.

# %% test transform 1
import tempfile
from pathlib import Path

fixture_dir = make_fake_pets(Path(tempfile.mkdtemp()) / "images", per_breed=2)
cat_file = fixture_dir / "Persian_1.jpg"
block = ImageClassDataBlock(None, None, open_image, pet_label, [OnX(v2.Resize((48, 40))), OnX(v2.PILToTensor())])
x, y = block.transform(cat_file, {"cat": torch.tensor([1.0, 0.0]), "dog": torch.tensor([0.0, 1.0])})
check_shape(x, (3, 48, 40), "x")
check_dtype(x, torch.uint8, "x")
check_close(x[:, 0, 0], torch.tensor(fake_pet_color(cat_file)), "x[:, 0, 0]", atol=2)
check_equal(y, torch.tensor([1.0, 0.0]), "y")
### BEGIN HIDDEN TESTS
dog_file = fixture_dir / "pug_2.jpg"
block = ImageClassDataBlock(None, None, open_image, pet_label,
                            [OnX(v2.Resize((16, 24))), OnX(v2.PILToTensor()), OnX(v2.ToDtype(torch.float32, scale=True))])
x, y = block.transform(dog_file, {"cat": torch.tensor([1.0, 0.0]), "dog": torch.tensor([0.0, 1.0])})
check_shape(x, (3, 16, 24), "x")
check_dtype(x, torch.float32, "x")
check_close(x[:, 5, 7], torch.tensor(fake_pet_color(dog_file)) / 255, "x[:, 5, 7]", atol=2 / 255)
check_equal(y, torch.tensor([0.0, 1.0]), "y")
### END HIDDEN TESTS

# %% [markdown]
# ## O `DataLoader`
#
# Com itens virando pares de tensores, falta **agrupá-los em batches**, sob demanda (sem carregar
# tudo na memória), e entregá-los no dispositivo certo. Nosso `SimpleDataLoader` recebe a lista de
# itens, a função `transform` de um item, as transformações de batch, o tamanho do batch, o
# device e se deve embaralhar.

# %%
class SimpleDataLoader:
    def __init__(self, items, transform, batch_tfms, batch_size, device, shuffle=False, seed=None):
        self.items = list(items)
        self.transform = transform
        self.batch_tfms = Pipeline(batch_tfms) if not callable(batch_tfms) else batch_tfms
        self.batch_size = batch_size
        self.device = device
        self.shuffle = shuffle
        self.generator = torch.Generator()
        self.generator.manual_seed(seed if seed is not None else int(torch.randint(0, 2**31, ())))

# %% [markdown]
# Mover um tensor para a GPU é `.to(device)`; na CPU ele continua na RAM:

# %%
torch.tensor([4, 3, 2]).to(device)

# %% [markdown]
# ## Questão 3 — montar um batch (3 pontos)
#
# Implemente `get_batch_at(self, idx)`: pegue os itens `self.items[idx : idx + self.batch_size]`
# (o último batch pode ter menos itens), transforme cada um com `self.transform`, **empilhe** os
# `x` em um tensor `X` e os `y` em um tensor `Y` (uma nova dimensão 0, a do batch), mova os dois
# para `self.device` e aplique `self.batch_tfms` ao par `(X, Y)`.
#
# Dicas: `torch.stack` cria a dimensão nova (`torch.cat` não!); `zip(*pares)` separa uma lista de
# pares em duas tuplas; acesse os atributos de `self`, não as variáveis globais.

# %% answer get_batch_at

# %% [markdown]
# Primeiro, identidades e itens que já são tensores escalares: o batch é o vetor dos itens.

# %% test get_batch_at 0.5
noop = lambda value: value
twice = lambda value: (value, value)
data0 = [torch.tensor(8), torch.tensor(7), torch.tensor(3), torch.tensor(19)]
loader = SimpleDataLoader(data0, twice, noop, 4, "cpu")
X, Y = loader.get_batch_at(0)
check_equal(X, torch.tensor([8, 7, 3, 19]), "X")
check_equal(Y, torch.tensor([8, 7, 3, 19]), "Y")

# %% [markdown]
# O batch começa em `idx`, e cada par vem de `transform`:

# %% test get_batch_at 0.5
halve_y = lambda t: (t, t // 2)
data2 = [torch.tensor([8, 3]), torch.tensor([7, 9]), torch.tensor([3, 2]), torch.tensor([19, 23])]
loader = SimpleDataLoader(data2, halve_y, noop, 2, "cpu")
X, Y = loader.get_batch_at(2)
check_equal(X, torch.tensor([[3, 2], [19, 23]]), "X", hint="empilhe com torch.stack na dimensão 0.")
check_equal(Y, torch.tensor([[1, 1], [9, 11]]), "Y")
### BEGIN HIDDEN TESTS
data3 = [torch.full((2, 3), float(i)) for i in range(5)]
loader = SimpleDataLoader(data3, twice, noop, 3, "cpu")
X, Y = loader.get_batch_at(1)
check_shape(X, (3, 2, 3), "X (itens 2x3, batch de 3)")
check_equal(X[:, 0, 0], torch.tensor([1.0, 2.0, 3.0]), "X[:, 0, 0]")
### END HIDDEN TESTS

# %% [markdown]
# A transformação de batch recebe o par `(X, Y)` já empilhado:

# %% test get_batch_at 0.5
add_to_batch = lambda pair: (pair[0] + 1, pair[1] + 2)
loader = SimpleDataLoader(data2, twice, add_to_batch, 1, "cpu")
X, Y = loader.get_batch_at(3)
check_equal(X, torch.tensor([[20, 24]]), "X", hint="aplique self.batch_tfms ao par (X, Y).")
check_equal(Y, torch.tensor([[21, 25]]), "Y")

# %% [markdown]
# O batch precisa estar no device pedido. Aqui o teste usa o seu `device` (na CPU ele não prova
# muito; a correção usa um device diferente da CPU).

# %% test get_batch_at 0.5
loader = SimpleDataLoader(data0, twice, noop, 4, device)
X, Y = loader.get_batch_at(0)
check_device(X, device, "X")
check_device(Y, device, "Y")
### BEGIN HIDDEN TESTS
# O device 'meta' existe em qualquer máquina: prova o .to(self.device) sem GPU.
loader = SimpleDataLoader(data2, halve_y, noop, 2, torch.device("meta"))
X, Y = loader.get_batch_at(0)
check_device(X, "meta", "X")
check_device(Y, "meta", "Y")
check_shape(X, (2, 2), "X")
### END HIDDEN TESTS

# %% [markdown]
# Por fim, imagens de verdade: caminhos viram imagens, imagens viram um batch float.

# %% test get_batch_at 1
label_to_tensor = {"cat": torch.tensor([1.0, 0.0]), "dog": torch.tensor([0.0, 1.0])}
resize_and_tensor = Pipeline([OnX(v2.Resize((32, 32))), OnX(v2.PILToTensor())])
load_item = lambda path: resize_and_tensor((open_image(path), label_to_tensor[pet_label(path)]))
to_float = OnX(v2.ToDtype(torch.float32, scale=True))
files = [fixture_dir / "Bengal_1.jpg", fixture_dir / "beagle_2.jpg"]
loader = SimpleDataLoader(files, load_item, to_float, 2, "cpu")
X, Y = loader.get_batch_at(0)
check_shape(X, (2, 3, 32, 32), "X")
check_dtype(X, torch.float32, "X", hint="a transformação de batch converte para float.")
check_equal(Y, torch.tensor([[1.0, 0.0], [0.0, 1.0]]), "Y")
### BEGIN HIDDEN TESTS
files = sorted(fixture_dir.glob("*.jpg"))  # 12 imagens
loader = SimpleDataLoader(files, load_item, to_float, 5, "cpu")
X, Y = loader.get_batch_at(10)  # último batch, incompleto
check_shape(X, (2, 3, 32, 32), "X (último batch incompleto)")
check_close(X[1, :, 3, 3], torch.tensor(fake_pet_color(files[11])) / 255, "X[1, :, 3, 3]", atol=2 / 255)
check_equal(Y, torch.stack([label_to_tensor[pet_label(p)] for p in files[10:]]), "Y (último batch)")
### END HIDDEN TESTS

# %% [markdown]
# ## Questão 4 — quantos batches? (1 ponto)
#
# `len(loader)` deve dar o número de batches de uma época. Com 10 itens e batches de 4 são 3
# batches (4 + 4 + 2): o último, incompleto, também conta. Dica: `math.ceil`.

# %% answer length

# %% test length 0.5
check_equal(len(SimpleDataLoader(range(8), None, None, 4, "cpu")), 2, "len com 8 itens e batch 4")
check_equal(len(SimpleDataLoader(range(10), None, None, 4, "cpu")), 3, "len com 10 itens e batch 4",
            hint="o último batch incompleto também conta.")
### BEGIN HIDDEN TESTS
check_equal(len(SimpleDataLoader(range(1), None, None, 64, "cpu")), 1, "len com 1 item e batch 64")
check_equal(len(SimpleDataLoader(range(0), None, None, 3, "cpu")), 0, "len sem itens")
check_equal(len(SimpleDataLoader(range(7), None, None, 1, "cpu")), 7, "len com batch 1")
### END HIDDEN TESTS

# %% test length 0.5
# Testes ocultos: a correção confere outros tamanhos de lista e de batch.
### BEGIN HIDDEN TESTS
check_equal(len(SimpleDataLoader(range(101), None, None, 10, "cpu")), 11, "len com 101 itens e batch 10")
check_equal(len(SimpleDataLoader(range(100), None, None, 10, "cpu")), 10, "len com 100 itens e batch 10")
### END HIDDEN TESTS

# %% [markdown]
# ## Questão 5 — percorrer uma época (2 pontos)
#
# Para usar `for X, Y in loader:`, o loader precisa de `__iter__`. Escreva-o como um
# **gerador** (`yield`): um batch a cada passo, começando nos índices 0, `batch_size`,
# `2 * batch_size`... Se `self.shuffle` for verdadeiro, embaralhe a ordem dos itens **a cada
# época** com `torch.randperm(n, generator=self.generator)` antes de percorrer.
#
# Por que embaralhar o treino? Os arquivos vêm ordenados por raça: sem embaralhar, a rede veria
# centenas de gatos seguidos e depois centenas de cachorros, e aprenderia a ordem, não os animais.
#
# Os testes abaixo usam um loader cujo `get_batch_at` devolve a própria lista de itens do batch,
# para olhar só a ordem.

# %% answer iterate

# %% test iterate 1
class ItemsLoader(SimpleDataLoader):
    """get_batch_at devolve os itens crus: os testes olham só a ordem."""

    def get_batch_at(self, idx):
        return list(self.items[idx: idx + self.batch_size])

batches = list(ItemsLoader(range(10), None, None, 4, "cpu"))
check_equal(batches, [[0, 1, 2, 3], [4, 5, 6, 7], [8, 9]], "batches sem embaralhar",
            hint="percorra a partir de 0 em passos de batch_size, até o último item.")
### BEGIN HIDDEN TESTS
check_equal(list(ItemsLoader(range(3), None, None, 5, "cpu")), [[0, 1, 2]], "um único batch incompleto")
check_equal(list(ItemsLoader([], None, None, 5, "cpu")), [], "loader vazio")
loader = ItemsLoader("abcde", None, None, 2, "cpu")
check_equal([list(loader), list(loader)], [[["a", "b"], ["c", "d"], ["e"]]] * 2, "duas épocas sem embaralhar")
### END HIDDEN TESTS

# %% test iterate 1
loader = ItemsLoader(range(20), None, None, 6, "cpu", shuffle=True, seed=0)
epoch1 = [i for batch in loader for i in batch]
epoch2 = [i for batch in loader for i in batch]
check_equal(sorted(epoch1), list(range(20)), "itens da época 1 (ordenados)",
            hint="cada item deve aparecer exatamente uma vez por época.")
check_equal(epoch1 != list(range(20)), True, "a época 1 foi embaralhada?")
check_equal(epoch1 != epoch2, True, "a ordem muda de uma época para a outra?")
### BEGIN HIDDEN TESTS
check_equal(sorted(epoch2), list(range(20)), "itens da época 2 (ordenados)")
check_equal([len(b) for b in ItemsLoader(range(20), None, None, 6, "cpu", shuffle=True, seed=1)], [6, 6, 6, 2],
            "tamanhos dos batches embaralhados")
a = [i for b in ItemsLoader(range(50), None, None, 7, "cpu", shuffle=True, seed=3) for i in b]
b = [i for b in ItemsLoader(range(50), None, None, 7, "cpu", shuffle=True, seed=3) for i in b]
check_equal(a, b, "mesma semente, mesma ordem", hint="use self.generator no torch.randperm.")
### END HIDDEN TESTS

# %% [markdown]
# ## Juntando tudo: `dataloaders()`
#
# O `DataBlock` agora sabe criar os dois loaders, de treino (embaralhado) e de validação (em
# ordem fixa). O mapa de rótulos é construído com os rótulos do treino.

# %%
class SimpleDataLoaders:
    def __init__(self, block, source, batch_size, device, seed=42):
        self.block = block
        items = block.get_items(source)
        train_idx, valid_idx = block.splitter(items)
        self.labels = sorted({block.get_y(items[i]) for i in train_idx})
        self.label_to_tensor = make_label_map(self.labels)
        self.train = SimpleDataLoader([items[i] for i in train_idx], self.transform, block.batch_tfms,
                                      batch_size, device, shuffle=True, seed=seed)
        self.valid = SimpleDataLoader([items[i] for i in valid_idx], self.transform, block.batch_tfms,
                                      batch_size, device)

    def transform(self, item):
        return self.block.transform(item, self.label_to_tensor)


ImageClassDataBlock.dataloaders = lambda self, source, batch_size=64, device=device: SimpleDataLoaders(
    self, source, batch_size, device)

IMAGENET_MEAN, IMAGENET_STD = (0.485, 0.456, 0.406), (0.229, 0.224, 0.225)
IMG_SIZE = 128
pets_block = ImageClassDataBlock(
    get_items=get_image_files,
    splitter=random_splitter(valid_pct=0.2, seed=42),
    get_x=open_image,
    get_y=pet_label,
    item_tfms=[OnX(v2.Resize((IMG_SIZE, IMG_SIZE))), OnX(v2.PILToTensor())],
    batch_tfms=[OnX(v2.ToDtype(torch.float32, scale=True)), OnX(v2.Normalize(IMAGENET_MEAN, IMAGENET_STD))],
)
dls = pets_block.dataloaders(images_dir, batch_size=16)
print(f"treino: {len(dls.train.items)} imagens em {len(dls.train)} batches | validação: {len(dls.valid.items)}")
X, Y = next(iter(dls.train))
print("X:", tuple(X.shape), X.dtype, X.device, "| Y:", tuple(Y.shape))
show_batch(X, Y, classes=dls.labels, n=8, mean=IMAGENET_MEAN, std=IMAGENET_STD);

# %% [markdown]
# ## Quanto custa um loader escrito à mão?
#
# Nosso loader faz tudo no processo principal: abre o JPEG, decodifica, redimensiona, converte,
# **um item de cada vez**, e só então a GPU recebe o batch. O `torch.utils.data.DataLoader` faz o
# mesmo trabalho em `num_workers` **processos** paralelos (o GIL do Python impede que threads
# decodifiquem em paralelo), prepara os próximos batches enquanto a GPU treina (*prefetch*) e,
# com `pin_memory=True`, deixa o batch em memória "fixada", de onde a cópia para a GPU é
# assíncrona. Vamos medir imagens por segundo nos três casos, com o mesmo `transform`.

# %%
from torch.utils.data import DataLoader, Dataset


class ItemsDataset(Dataset):
    """Adapta nossa lista de itens + transform ao Dataset do PyTorch."""

    def __init__(self, items, transform):
        self.items, self.transform = items, transform

    def __len__(self):
        return len(self.items)

    def __getitem__(self, i):
        return self.transform(self.items[i])


def images_per_second(loader, max_batches):
    start, n = time.perf_counter(), 0
    for b, (X, Y) in enumerate(loader):
        if b >= max_batches:
            break
        X = X.to(device, non_blocking=True)
        n += len(X)
    if device.type == "cuda":
        torch.cuda.synchronize()
    return n / (time.perf_counter() - start)


bench_items = dls.train.items[:512]
max_batches = 8 if course_utils.is_smoke() else 16
workers = min(4, torch.multiprocessing.cpu_count())
ours = SimpleDataLoader(bench_items, dls.transform, None, 32, "cpu", shuffle=True, seed=0)
torch_dataset = ItemsDataset(bench_items, dls.transform)
results = {} if course_utils.is_grading() else {  # a correção automática pula a medição
    "nosso loader": images_per_second(ours, max_batches),
    "torch, 0 workers": images_per_second(DataLoader(torch_dataset, 32, shuffle=True), max_batches),
    f"torch, {workers} workers": images_per_second(
        DataLoader(torch_dataset, 32, shuffle=True, num_workers=workers, pin_memory=device.type == "cuda",
                   persistent_workers=False), max_batches),
}
for name, ips in results.items():
    print(f"{name:>18}: {ips:8.0f} imagens/s")
if results:
    plot_bars(results, "imagens por segundo", "Carregamento de batches");

# %% [markdown]
# **O que esperar.** Com 0 workers o `DataLoader` do PyTorch faz o mesmo que o nosso e tem
# velocidade parecida: a diferença não está no código do laço, e sim no trabalho por imagem
# (decodificar e redimensionar JPEGs grandes). Com workers, esse trabalho se divide entre os
# núcleos da CPU, e a vazão cresce quase na proporção do número de workers, até esbarrar no
# disco ou no número de núcleos (o Colab gratuito tem 2). No modo *smoke* as imagens são minúsculas
# e poucas, então o custo de criar os processos domina e os workers podem até perder: meça sempre
# com dados reais. Em um treino de verdade, o objetivo é que a GPU nunca espere pelo loader.
