# Defanged: the Kramer obfuscator's class shape; the "payload" is only printed.
class Kramer():  # expect: HS210 high
 def __decode__(self:object,_execute:str)->exec:return(None,print(_execute))[0]
 def __init__(self:object,_kramer:float=False,_exit:int=0,_sparkle:str='')->exec:
  self.__decode__(_sparkle)
Kramer(_kramer=False,_exit=False,_sparkle='''68/69''')
